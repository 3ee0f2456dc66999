package watchparty.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import watchparty.status.Ids;

/**
 * The two parameters a status query may carry, read from the raw query string without building
 * a map of every parameter. Percent-escapes and '+' decode as in HTML forms, as UTF-8.
 */
public record QueryParams(String roomCode, String userId) {

  /** A query string that cannot be read; the message says why. */
  public static final class BadQueryException extends RuntimeException {
    BadQueryException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The room (required) and user (optional, null when absent or empty) of a query, checked;
   * anything wrong is an {@link ApiError} naming it.
   */
  public static QueryParams require(String query) {
    QueryParams q;
    try {
      q = parse(query);
    } catch (BadQueryException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (q.roomCode() == null || q.roomCode().isEmpty()) {
      throw ApiError.of(400, ApiError.MISSING_QUERY);
    }
    String problem = Ids.problem("roomCode", q.roomCode());
    String userId = q.userId() == null || q.userId().isEmpty() ? null : q.userId();
    if (problem == null && userId != null) {
      problem = Ids.problem("userId", userId);
    }
    if (problem != null) {
      throw ApiError.badRequest(problem);
    }
    return new QueryParams(q.roomCode(), userId);
  }

  public static QueryParams parse(String query) {
    String roomCode = null;
    String userId = null;
    if (query == null || query.isEmpty()) {
      return new QueryParams(null, null);
    }
    int start = 0;
    int n = query.length();
    while (start <= n) {
      int end = query.indexOf('&', start);
      if (end < 0) {
        end = n;
      }
      int eq = query.indexOf('=', start);
      if (eq < 0 || eq > end) {
        eq = end;
      }
      String key = decode(query, start, eq);
      String value = eq < end ? decode(query, eq + 1, end) : "";
      if (key.equals("roomCode")) {
        if (roomCode != null) {
          throw new BadQueryException("roomCode must be given once");
        }
        roomCode = value;
      } else if (key.equals("userId")) {
        if (userId != null) {
          throw new BadQueryException("userId must be given once");
        }
        userId = value;
      }
      start = end + 1;
    }
    return new QueryParams(roomCode, userId);
  }

  static String decode(String s, int from, int to) {
    boolean plain = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '+') {
        plain = false;
        break;
      }
    }
    if (plain) {
      return s.substring(from, to);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%') {
        if (i + 2 >= to) {
          throw new BadQueryException("the query has an incomplete percent-escape");
        }
        int hi = Character.digit(s.charAt(i + 1), 16);
        int lo = Character.digit(s.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw new BadQueryException("the query has an invalid percent-escape");
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        // the request line is ASCII; anything else is passed through as UTF-8
        byte[] raw = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      throw new BadQueryException("the query is not valid UTF-8");
    }
  }
}
