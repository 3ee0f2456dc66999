package watchparty.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;

/**
 * Reads a posted status straight from the request bytes with Jackson's streaming parser,
 * checking every field's type as it goes: no tree, no binding, and the first wrong field ends
 * the parse with a message naming its path. Thread-safe; holds no state between calls.
 *
 * <p>Values follow the seed: a missing or null field takes the seed's default, an empty title or
 * type is "Unknown", a playbackRate of 0 is 1. Unknown fields are ignored, as the seed ignores
 * them, but nothing may nest deeper than the schema's two levels.
 */
public final class StatusParser {
  /** Root object, then content or player: deeper structures are refused. */
  static final int MAX_DEPTH = 2;
  /**
   * How far player.sampledAt may lie from the receipt time: further is a client whose clock
   * offset is wrong, and extrapolating from it would mislead every follower.
   */
  static final long SAMPLED_AT_WINDOW_MS = 60_000;
  static final String SAMPLED_AT_OUT_OF_WINDOW =
      "player.sampledAt must be within 60 s of the server's clock (x-server-time)";

  private static final JsonFactory JSON = JsonFactory.builder()
      // parses fractions from the parser's own buffer, without a String and FloatingDecimal
      .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH + 1).build())
      .build();

  public StatusReport parse(byte[] body, int offset, int length, long receivedAt) {
    if (length == 0) {
      throw InvalidStatusException.missingFields();
    }
    try (JsonParser p = JSON.createParser(body, offset, length)) {
      StatusReport report = root(p, receivedAt);
      if (p.nextToken() != null) {
        throw new InvalidStatusException("Invalid JSON body: unexpected data after the status object");
      }
      return report;
    } catch (InvalidStatusException e) {
      throw e;
    } catch (StreamConstraintsException e) {
      throw tooDeep();
    } catch (IOException | RuntimeException e) {
      throw new InvalidStatusException("Invalid JSON body");
    }
  }

  public StatusReport parse(byte[] body, long receivedAt) {
    return parse(body, 0, body.length, receivedAt);
  }

  private StatusReport root(JsonParser p, long receivedAt) throws IOException {
    JsonToken first = p.nextToken();
    if (first == JsonToken.VALUE_NULL) {
      throw InvalidStatusException.missingFields();
    }
    if (first != JsonToken.START_OBJECT) {
      throw new InvalidStatusException("The body must be a JSON object");
    }
    String userId = null;
    String roomCode = null;
    PlayerStatus.Builder status = PlayerStatus.builder().timestamp(receivedAt);
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken t = p.nextToken();
      switch (name) {
        case "userId" -> userId = id(p, t, "userId");
        case "roomCode" -> roomCode = id(p, t, "roomCode");
        case "isHost" -> status.host(bool(p, t, "isHost"));
        case "content" -> status.content(content(p, t));
        case "player" -> player(p, t, status, receivedAt);
        default -> skip(p, t);
      }
    }
    if (userId == null || roomCode == null) {
      throw InvalidStatusException.missingFields();
    }
    problem(Ids.problem("userId", userId));
    problem(Ids.problem("roomCode", roomCode));
    return new StatusReport(userId, roomCode, status.build());
  }

  private static void problem(String message) {
    if (message != null) {
      throw new InvalidStatusException(message);
    }
  }

  /** Null for null, absent or empty (the seed's "missing"), else the string. */
  private static String id(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new InvalidStatusException(field + " must be a string");
    }
    String s = p.getText();
    return s.isEmpty() ? null : s;
  }

  private static boolean bool(JsonParser p, JsonToken t, String field) {
    return switch (t) {
      case VALUE_TRUE -> true;
      case VALUE_FALSE, VALUE_NULL -> false;
      default -> throw new InvalidStatusException(field + " must be a boolean");
    };
  }

  private static String text(JsonParser p, JsonToken t, String field) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Content.UNKNOWN;
    }
    if (t != JsonToken.VALUE_STRING) {
      throw new InvalidStatusException(field + " must be a string");
    }
    String s = p.getText();
    return s.isEmpty() ? Content.UNKNOWN : s;
  }

  /** A finite number, or the default for null. */
  private static double number(JsonParser p, JsonToken t, String field, double whenNull) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return whenNull;
    }
    if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
      throw new InvalidStatusException(field + " must be a number");
    }
    double v = p.getDoubleValue();
    if (!Double.isFinite(v)) {
      throw new InvalidStatusException(field + " must be a finite number");
    }
    return v;
  }

  private static double nonNegative(JsonParser p, JsonToken t, String field) throws IOException {
    double v = number(p, t, field, 0);
    if (v < 0) {
      throw new InvalidStatusException(field + " must be 0 or more");
    }
    return v;
  }

  /** The server-clock instant player.time was sampled at, or NaN when null (not given). */
  private static double sampledAt(JsonParser p, JsonToken t, long receivedAt) throws IOException {
    double v = number(p, t, "player.sampledAt", Double.NaN);
    if (!Double.isNaN(v) && Math.abs(v - receivedAt) > SAMPLED_AT_WINDOW_MS) {
      throw new InvalidStatusException(SAMPLED_AT_OUT_OF_WINDOW);
    }
    return v;
  }

  /** An id as sent: a string, an integer (Long), another number (Double), or NULL. */
  private static Object contentId(JsonParser p, JsonToken t, String field, boolean stringAllowed) throws IOException {
    switch (t) {
      case VALUE_NULL:
        return Content.NULL;
      case VALUE_STRING:
        if (stringAllowed) {
          return p.getText();
        }
        throw new InvalidStatusException(field + " must be a number");
      case VALUE_NUMBER_INT:
        if (p.getNumberType() == JsonParser.NumberType.INT || p.getNumberType() == JsonParser.NumberType.LONG) {
          return p.getLongValue();
        }
        return number(p, t, field, 0);
      case VALUE_NUMBER_FLOAT:
        return number(p, t, field, 0);
      default:
        throw new InvalidStatusException(field + (stringAllowed ? " must be a number or a string" : " must be a number"));
    }
  }

  private static Content content(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return Content.DEFAULT;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new InvalidStatusException("content must be an object");
    }
    String title = Content.UNKNOWN;
    String type = Content.UNKNOWN;
    Object tmdbId = null;
    Object seasonId = null;
    Object episodeId = null;
    Object seasonNumber = null;
    Object episodeNumber = null;
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "title" -> title = text(p, v, "content.title");
        case "type" -> type = text(p, v, "content.type");
        case "tmdbId" -> tmdbId = contentId(p, v, "content.tmdbId", true);
        case "seasonId" -> seasonId = contentId(p, v, "content.seasonId", true);
        case "episodeId" -> episodeId = contentId(p, v, "content.episodeId", true);
        case "seasonNumber" -> seasonNumber = contentId(p, v, "content.seasonNumber", false);
        case "episodeNumber" -> episodeNumber = contentId(p, v, "content.episodeNumber", false);
        default -> skip(p, v);
      }
    }
    if (tmdbId == null && seasonId == null && episodeId == null && seasonNumber == null
        && episodeNumber == null && title.equals(Content.UNKNOWN) && type.equals(Content.UNKNOWN)) {
      return Content.DEFAULT;
    }
    return new Content(title, type, tmdbId, seasonId, episodeId, seasonNumber, episodeNumber);
  }

  private static void player(JsonParser p, JsonToken t, PlayerStatus.Builder s, long receivedAt)
      throws IOException {
    if (t == JsonToken.VALUE_NULL) {
      return;
    }
    if (t != JsonToken.START_OBJECT) {
      throw new InvalidStatusException("player must be an object");
    }
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "isPlaying" -> s.playing(bool(p, v, "player.isPlaying"));
        case "isPaused" -> s.paused(bool(p, v, "player.isPaused"));
        case "isLoading" -> s.loading(bool(p, v, "player.isLoading"));
        case "hasPlayedOnce" -> s.playedOnce(bool(p, v, "player.hasPlayedOnce"));
        case "time" -> s.time(nonNegative(p, v, "player.time"));
        case "duration" -> s.duration(nonNegative(p, v, "player.duration"));
        case "volume" -> s.volume(nonNegative(p, v, "player.volume"));
        case "buffered" -> s.buffered(nonNegative(p, v, "player.buffered"));
        case "sampledAt" -> s.sampledAt(sampledAt(p, v, receivedAt));
        case "playbackRate" -> {
          double rate = number(p, v, "player.playbackRate", 0);
          if (rate < 0) {
            throw new InvalidStatusException("player.playbackRate must be more than 0");
          }
          s.playbackRate(rate == 0 ? 1 : rate);
        }
        default -> skip(p, v);
      }
    }
  }

  /**
   * Skips an unknown field's value; a container may be no deeper than the schema's own. (Jackson
   * reads one level more, so that a container where a typed value belongs is a type error.)
   */
  private static void skip(JsonParser p, JsonToken t) throws IOException {
    if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
      if (p.getParsingContext().getNestingDepth() > MAX_DEPTH) {
        throw tooDeep();
      }
      // this container is at the deepest level allowed: it may hold only scalars
      for (JsonToken inner = p.nextToken(); inner != JsonToken.END_OBJECT && inner != JsonToken.END_ARRAY;
          inner = p.nextToken()) {
        if (inner == JsonToken.START_OBJECT || inner == JsonToken.START_ARRAY) {
          throw tooDeep();
        }
      }
    }
  }

  private static InvalidStatusException tooDeep() {
    return new InvalidStatusException("The body nests deeper than the status schema (" + MAX_DEPTH + " levels)");
  }
}
