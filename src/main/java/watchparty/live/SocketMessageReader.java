package watchparty.live;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import watchparty.json.JsonWriter;
import watchparty.live.SocketMessage.Ping;
import watchparty.live.SocketMessage.Refused;
import watchparty.live.SocketMessage.Status;

/**
 * Reads a WebSocket client's text message once, as a token stream: no tree, nothing encoded
 * again. Only the envelope is read here (the type, t0, and the roomCode and userId a status may
 * carry); a status goes on to the status intake as the text it was sent as, its room and user
 * filled in from the socket's when it leaves them out, so that a socket's status is checked by
 * exactly the rules of a POST. Pure.
 *
 * <p>It reads JSON as Jackson's tree model does: the first value must be well-formed whole (an
 * error there comes before any other), anything after it is ignored, and a field given twice
 * counts as its last value.
 */
final class SocketMessageReader {
  static final Refused INVALID_JSON = new Refused("Invalid JSON message");
  static final Refused NOT_AN_OBJECT = new Refused("a message must be a JSON object");
  static final Refused UNKNOWN_TYPE = new Refused("type must be \"status\" or \"ping\"");
  static final Refused T0_NOT_A_NUMBER = new Refused("t0 must be a number");

  private static final JsonFactory JSON = new JsonFactory();

  private SocketMessageReader() {
  }

  /** The message as a socket of roomCode, and of userId (null: of no user), receives it. */
  static SocketMessage read(String text, String roomCode, String userId) {
    try (JsonParser p = JSON.createParser(text)) {
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first != null) {
          // a malformed value is invalid JSON before it is not an object
          p.skipChildren();
          p.getText();
        }
        return NOT_AN_OBJECT;
      }
      int start = (int) p.currentTokenLocation().getCharOffset();
      String type = null;
      double t0 = Double.NaN;
      GivenId room = GivenId.ABSENT;
      GivenId user = GivenId.ABSENT;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken value = p.nextToken();
        switch (name) {
          case "type" -> type = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "t0" -> t0 = value.isNumeric() ? p.getDoubleValue() : Double.NaN;
          case "roomCode" -> room = GivenId.of(value, p);
          case "userId" -> user = GivenId.of(value, p);
          default -> {
          }
        }
        p.skipChildren();
      }
      int end = (int) p.currentTokenLocation().getCharOffset(); // the object's closing brace
      if ("ping".equals(type)) {
        return Double.isFinite(t0) ? new Ping(t0) : T0_NOT_A_NUMBER;
      }
      return "status".equals(type) ? status(text, start, end, room, roomCode, user, userId) : UNKNOWN_TYPE;
    } catch (IOException e) {
      return INVALID_JSON;
    }
  }

  /** The status in text[start, end], checked against the socket's room and user, which fill in those left out. */
  private static SocketMessage status(String text, int start, int end, GivenId room, String roomCode, GivenId user,
      String userId) {
    Refused other = room.otherThan("roomCode", roomCode);
    if (other == null) {
      other = user.otherThan("userId", userId);
    }
    if (other != null) {
      return other;
    }
    boolean fillRoom = room.absent() && roomCode != null;
    boolean fillUser = user.absent() && userId != null;
    if (!fillRoom && !fillUser) {
      return new Status(text.substring(start, end + 1).getBytes(StandardCharsets.UTF_8));
    }
    // appended: a field given twice counts as its last value, so these also replace a null given
    StringBuilder body = new StringBuilder(end - start + 300).append(text, start, end);
    if (fillRoom) {
      body.append(",\"roomCode\":").append(quoted(roomCode));
    }
    if (fillUser) {
      body.append(",\"userId\":").append(quoted(userId));
    }
    return new Status(body.append('}').toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String quoted(String s) {
    return new String(JsonWriter.quoted(s), StandardCharsets.UTF_8);
  }

  /**
   * A roomCode or userId as a message gives it: absent (or null), a string (text), or a value of
   * another type (neither), which the status intake refuses by its own rule.
   */
  private record GivenId(boolean absent, String text) {
    static final GivenId ABSENT = new GivenId(true, null);

    static GivenId of(JsonToken value, JsonParser p) throws IOException {
      if (value == JsonToken.VALUE_NULL) {
        return ABSENT;
      }
      return new GivenId(false, value == JsonToken.VALUE_STRING ? p.getText() : null);
    }

    /** The refusal of a string other than the socket's own id; null when there is nothing to refuse. */
    Refused otherThan(String field, String own) {
      if (own == null || text == null || text.equals(own)) {
        return null;
      }
      return new Refused(field + " must be this socket's (" + own + ")");
    }
  }
}
