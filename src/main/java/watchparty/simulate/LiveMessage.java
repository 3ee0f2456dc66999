package watchparty.simulate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One message of the live feed, read for what a simulated viewer needs and no more, since ten
 * thousand viewers receive tens of thousands of messages a second. The service writes its
 * messages compactly, keys in a fixed order, so they are first read by looking for the few keys
 * needed in the bytes ({@link JsonBytes}) and a follower's own entry in a room's sync view by
 * its marker; whatever does not look as expected (another server's spacing, an error's escaped
 * text) is parsed with Jackson instead, stopping once it has what it came for. Mutable and
 * reused: one per event loop.
 */
public final class LiveMessage {
  public enum Type {
    SNAPSHOT, STATUS, LEAVE, HOST, SYNC, PONG, ACK, ERROR, OTHER
  }

  /**
   * Who reads: a follower, whose advice is read from sync views and who tells the host's
   * statuses; or a host (no member), which needs only event ids.
   */
  public record Recipient(String member, MemberMarker marker, byte[] quotedMember, String hostId, byte[] hostStatus) {
    public static Recipient follower(String member, String hostId) {
      return new Recipient(member, new MemberMarker(member), JsonBytes.ascii("\"" + member + "\""), hostId,
          JsonBytes.ascii("\"status\":{\"userId\":\"" + hostId + "\""));
    }

    public static Recipient host(String hostId) {
      return new Recipient(null, null, null, hostId, null);
    }
  }

  private static final byte[] TYPE = JsonBytes.ascii("{\"type\":\"");
  private static final byte[][] TYPES = new byte[Type.values().length][];
  private static final byte[] ID = JsonBytes.ascii(",\"id\":");
  private static final byte[] SERVER_TIME = JsonBytes.ascii("\"serverTime\":");
  private static final byte[] STATUS_USER = JsonBytes.ascii("\"status\":{\"userId\":\"");
  private static final byte[] PLAYER = JsonBytes.ascii("\"player\":{");
  private static final byte[] TIME = JsonBytes.ascii("\"time\":");
  private static final byte[] HOST = JsonBytes.ascii("\"host\":");
  private static final byte[] NULL = JsonBytes.ascii("null");
  private static final byte[] PLAYING = JsonBytes.ascii("\"playing\":");
  private static final byte[] TRUE = JsonBytes.ascii("true");
  private static final byte[] RATE = JsonBytes.ascii("\"playbackRate\":");
  private static final byte[] MEMBERS = JsonBytes.ascii("\"members\":[");
  private static final byte[] ACTION = JsonBytes.ascii("\"action\":\"");
  private static final byte[] SUGGESTED_RATE = JsonBytes.ascii("\"suggestedRate\":");
  private static final byte[] SEEK_TO = JsonBytes.ascii("\"seekTo\":");
  private static final byte[] T0 = JsonBytes.ascii("\"t0\":");
  private static final byte[] T1 = JsonBytes.ascii("\"t1\":");
  private static final byte[] T2 = JsonBytes.ascii("\"t2\":");

  static {
    for (Type t : Type.values()) {
      TYPES[t.ordinal()] = JsonBytes.ascii(t.name().toLowerCase(java.util.Locale.ROOT) + "\"");
    }
  }

  private final JsonFactory json;

  public Type type;
  /** The event id, or -1 for a message without one (sync, pong, ack, error). */
  public long id;
  public long serverTime;
  /** status: sent by the room's host (as the simulator knows it), and its player.time in microseconds. */
  public boolean statusFromHost;
  public long statusTimeMicros;
  /** pong */
  public double t0;
  public double t1;
  public double t2;
  /** error */
  public String errorMessage;
  /** sync: the host as the service sees it, and the advice to the member asked about, if present. */
  public boolean hasHost;
  public boolean hostPlaying;
  public double hostRate;
  public boolean hasAdvice;
  public Following.Action action;
  public double suggestedRate;
  public double seekTo;

  public LiveMessage(JsonFactory json) {
    this.json = json;
  }

  /** Reads bytes[0, length) for recipient. False for what is not a JSON object. */
  public boolean read(byte[] bytes, int length, Recipient recipient) throws IOException {
    reset();
    if (scan(bytes, length, recipient)) {
      return true;
    }
    return parse(bytes, length, recipient);
  }

  private void reset() {
    type = Type.OTHER;
    id = -1;
    serverTime = 0;
    statusFromHost = false;
    statusTimeMicros = -1;
    errorMessage = null;
    hasHost = false;
    hostPlaying = false;
    hostRate = 1;
    hasAdvice = false;
    action = Following.Action.NONE;
    suggestedRate = 1;
    seekTo = 0;
  }

  /** The fast path: true when the message looked as the service writes it and is read. */
  boolean scan(byte[] b, int length, Recipient r) {
    if (!JsonBytes.startsWith(b, 0, length, TYPE)) {
      return false;
    }
    int at = TYPE.length;
    Type t = null;
    for (Type candidate : Type.values()) {
      if (JsonBytes.startsWith(b, at, length, TYPES[candidate.ordinal()])) {
        t = candidate;
        break;
      }
    }
    if (t == null || t == Type.ERROR || t == Type.OTHER) {
      return false; // an error's message may need unescaping
    }
    at += TYPES[t.ordinal()].length;
    boolean follower = r.member() != null;
    switch (t) {
      case SNAPSHOT, LEAVE, HOST, STATUS -> {
        if (!JsonBytes.startsWith(b, at, length, ID)) {
          return false;
        }
        long eventId = JsonBytes.parseLong(b, at + ID.length, length);
        if (eventId == Long.MIN_VALUE) {
          return false;
        }
        if (t == Type.STATUS && follower) {
          int from = JsonBytes.indexOf(b, at, length, STATUS_USER);
          if (from < 0) {
            return false;
          }
          boolean fromHost = JsonBytes.startsWith(b, from, length, r.hostStatus());
          if (fromHost) {
            long time = JsonBytes.parseScaled(b, JsonBytes.valueAfter(b,
                JsonBytes.valueAfter(b, from, length, PLAYER), length, TIME), length, 6, true);
            if (time == Long.MIN_VALUE) {
              return false;
            }
            statusTimeMicros = time;
          }
          statusFromHost = fromHost;
        }
        id = eventId;
      }
      case SYNC -> {
        if (follower && !scanSync(b, at, length, r)) {
          return false;
        }
      }
      case PONG -> {
        double a = JsonBytes.parseDecimal(b, JsonBytes.valueAfter(b, at, length, T0), length, 3);
        double c = JsonBytes.parseDecimal(b, JsonBytes.valueAfter(b, at, length, T1), length, 3);
        double d = JsonBytes.parseDecimal(b, JsonBytes.valueAfter(b, at, length, T2), length, 3);
        if (Double.isNaN(a) || Double.isNaN(c) || Double.isNaN(d)) {
          return false;
        }
        t0 = a;
        t1 = c;
        t2 = d;
      }
      default -> {
        // ack: nothing more is needed
      }
    }
    type = t;
    return true;
  }

  private boolean scanSync(byte[] b, int at, int length, Recipient r) {
    long time = JsonBytes.parseLong(b, JsonBytes.valueAfter(b, at, length, SERVER_TIME), length);
    int host = JsonBytes.valueAfter(b, at, length, HOST);
    if (time == Long.MIN_VALUE || host < 0) {
      return false;
    }
    serverTime = time;
    if (JsonBytes.startsWith(b, host, length, NULL)) {
      return true; // no host, no advice
    }
    int hostEnd = JsonBytes.endOfFlatObject(b, host, length);
    int playing = JsonBytes.valueAfter(b, host, hostEnd, PLAYING);
    double rate = JsonBytes.parseDecimal(b, JsonBytes.valueAfter(b, host, hostEnd, RATE), hostEnd, 9);
    int members = JsonBytes.indexOf(b, hostEnd, length, MEMBERS);
    if (hostEnd < 0 || playing < 0 || Double.isNaN(rate) || members < 0) {
      return false;
    }
    hasHost = true;
    hostPlaying = JsonBytes.startsWith(b, playing, hostEnd, TRUE);
    hostRate = rate;
    int entry = r.marker().indexIn(b, members, length);
    if (entry < 0) {
      // not a member yet (the service has no status of ours), unless the entry is written otherwise
      return JsonBytes.indexOf(b, members, length, r.quotedMember()) < 0;
    }
    int entryEnd = JsonBytes.endOfFlatObject(b, entry, length);
    int advice = JsonBytes.valueAfter(b, entry, entryEnd, ACTION);
    if (entryEnd < 0 || advice < 0) {
      return false;
    }
    switch (b[advice]) {
      case 'r' -> {
        action = Following.Action.RATE;
        suggestedRate = JsonBytes.parseDecimal(b, JsonBytes.valueAfter(b, advice, entryEnd, SUGGESTED_RATE),
            entryEnd, 9);
        if (Double.isNaN(suggestedRate)) {
          return false;
        }
      }
      case 's' -> {
        action = Following.Action.SEEK;
        seekTo = JsonBytes.parseDecimal(b, JsonBytes.valueAfter(b, advice, entryEnd, SEEK_TO), entryEnd, 9);
        if (Double.isNaN(seekTo)) {
          return false;
        }
      }
      default -> action = Following.Action.NONE;
    }
    hasAdvice = true;
    return true;
  }

  /** The slow path, with Jackson: any JSON object, however written. */
  boolean parse(byte[] bytes, int length, Recipient r) throws IOException {
    reset();
    String member = r.member();
    String hostId = r.hostId();
    MemberMarker marker = r.marker();
    try (JsonParser p = json.createParser(bytes, 0, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "type" -> {
            type = typeOf(p);
            if (type == Type.SYNC && member == null) {
              return true;
            }
          }
          case "id" -> {
            id = value.isNumeric() ? p.getLongValue() : -1;
            if (type == Type.STATUS && member == null) {
              return true; // a host needs no one's status, only the id to resume from
            }
          }
          case "serverTime" -> serverTime = value.isNumeric() ? p.getLongValue() : 0;
          case "status" -> {
            if (readStatus(p, hostId)) {
              return true; // the rest is the status's other fields
            }
          }
          case "t0" -> t0 = value.isNumeric() ? p.getDoubleValue() : 0;
          case "t1" -> t1 = value.isNumeric() ? p.getDoubleValue() : 0;
          case "t2" -> t2 = value.isNumeric() ? p.getDoubleValue() : 0;
          case "message" -> errorMessage = value == JsonToken.VALUE_STRING ? p.getText() : null;
          case "host" -> readHost(p);
          case "members" -> {
            if (findMember(bytes, length, (int) p.currentTokenLocation().getByteOffset(), marker)
                || readMembers(p, member)) {
              return true; // the rest of the view is other members'
            }
          }
          default -> p.skipChildren();
        }
      }
      return true;
    }
  }

  /** The advice read from a sync view. */
  public Following.Advice advice() {
    return new Following.Advice(serverTime, hostPlaying, hostRate, action, suggestedRate, seekTo);
  }

  private static Type typeOf(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      return Type.OTHER;
    }
    return switch (p.getText()) {
      case "snapshot" -> Type.SNAPSHOT;
      case "status" -> Type.STATUS;
      case "leave" -> Type.LEAVE;
      case "host" -> Type.HOST;
      case "sync" -> Type.SYNC;
      case "pong" -> Type.PONG;
      case "ack" -> Type.ACK;
      case "error" -> Type.ERROR;
      default -> Type.OTHER;
    };
  }

  /** True once the player's time is read: all a follower needs, its sender coming first. */
  private boolean readStatus(JsonParser p, String hostId) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return false;
    }
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      if (field.equals("userId")) {
        statusFromHost = value == JsonToken.VALUE_STRING && textEquals(p, hostId);
      } else if (field.equals("player") && value == JsonToken.START_OBJECT) {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          JsonToken v = p.nextToken();
          if (key.equals("time") && v.isNumeric()) {
            statusTimeMicros = DeliveryLedger.micros(p.getDoubleValue());
            return true;
          } else {
            p.skipChildren();
          }
        }
      } else {
        p.skipChildren();
      }
    }
    return false;
  }

  private void readHost(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      return; // a snapshot's host is a user id; a sync view's host may be null
    }
    hasHost = true;
    hostRate = 1;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken value = p.nextToken();
      switch (field) {
        case "playing" -> hostPlaying = value == JsonToken.VALUE_TRUE;
        case "playbackRate" -> hostRate = value.isNumeric() ? p.getDoubleValue() : 1;
        default -> p.skipChildren();
      }
    }
  }

  /** Reads the member's entry found by its marker from index from on; false when it is not there as expected. */
  private boolean findMember(byte[] bytes, int length, int from, MemberMarker marker) throws IOException {
    if (marker == null || from < 0) {
      return false;
    }
    int at = marker.indexIn(bytes, from, length);
    if (at < 0) {
      return false;
    }
    try (JsonParser p = json.createParser(bytes, at, length - at)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        readAdviceField(p, field, value);
      }
    }
    hasAdvice = hasHost;
    return true;
  }

  private void readAdviceField(JsonParser p, String field, JsonToken value) throws IOException {
    switch (field) {
      case "action" -> action = switch (value == JsonToken.VALUE_STRING ? p.getText() : "") {
        case "rate" -> Following.Action.RATE;
        case "seek" -> Following.Action.SEEK;
        default -> Following.Action.NONE;
      };
      case "suggestedRate" -> suggestedRate = value.isNumeric() ? p.getDoubleValue() : 1;
      case "seekTo" -> seekTo = value.isNumeric() ? p.getDoubleValue() : 0;
      default -> p.skipChildren();
    }
  }

  /** True once member's entry is read, member by member: for a view not written as the marker expects. */
  private boolean readMembers(JsonParser p, String member) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY || member == null) {
      p.skipChildren();
      return false;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      boolean mine = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("userId")) {
          mine = value == JsonToken.VALUE_STRING && textEquals(p, member);
          if (!mine) {
            skipRestOfObject(p);
            break;
          }
        } else if (!mine) {
          p.skipChildren();
        } else {
          readAdviceField(p, field, value);
        }
      }
      if (mine) {
        hasAdvice = hasHost;
        return true;
      }
    }
    return false;
  }

  private static void skipRestOfObject(JsonParser p) throws IOException {
    JsonToken t;
    while ((t = p.nextToken()) != JsonToken.END_OBJECT && t != null) {
      p.skipChildren();
    }
  }

  /** The current string token equals s, compared without making a String of it. */
  static boolean textEquals(JsonParser p, String s) throws IOException {
    if (s == null) {
      return false;
    }
    int length = p.getTextLength();
    if (length != s.length()) {
      return false;
    }
    char[] chars = p.getTextCharacters();
    int offset = p.getTextOffset();
    for (int i = 0; i < length; i++) {
      if (chars[offset + i] != s.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
