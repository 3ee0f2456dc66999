package watchparty.status;

import watchparty.json.JsonWriter;

/**
 * Something that happened in a room, as the live feed tells it: a status accepted, a user
 * gone, a new host. Ids increase with every event of a shard, so a reconnecting listener can
 * say what it saw last. Immutable; its JSON is encoded once and shared by every listener.
 */
public final class RoomEvent {
  public enum Type {
    STATUS("status"), LEAVE("leave"), HOST("host");

    final byte[] json;
    private final String eventName;

    Type(String name) {
      this.json = JsonWriter.bytes("{\"type\":\"" + name + "\",\"id\":");
      this.eventName = name;
    }

    /** The event's name on the feeds (asked once per listener per event: kept, not made each time). */
    public String eventName() {
      return eventName;
    }
  }

  /** Why a user left. */
  public static final String EXPIRED = "expired";
  public static final String CLOSED = "closed";

  private static final byte[] SERVER_TIME = JsonWriter.bytes(",\"serverTime\":");
  private static final byte[] STATUS = JsonWriter.bytes(",\"status\":");
  private static final byte[] ROOM_CODE = JsonWriter.bytes(",\"roomCode\":");
  private static final byte[] USER_ID = JsonWriter.bytes(",\"userId\":");
  private static final byte[] REASON = JsonWriter.bytes(",\"reason\":");

  private final Type type;
  private final long id;
  private final long serverTime;
  private final String roomCode;
  private final String userId;
  private final PlayerStatus status;
  private final String reason;
  private volatile byte[] json;

  private RoomEvent(Type type, long id, long serverTime, String roomCode, String userId, PlayerStatus status,
      String reason) {
    this.type = type;
    this.id = id;
    this.serverTime = serverTime;
    this.roomCode = roomCode;
    this.userId = userId;
    this.status = status;
    this.reason = reason;
  }

  public static RoomEvent status(long id, long now, String roomCode, String userId, PlayerStatus status) {
    return new RoomEvent(Type.STATUS, id, now, roomCode, userId, status, null);
  }

  public static RoomEvent leave(long id, long now, String roomCode, String userId, String reason) {
    return new RoomEvent(Type.LEAVE, id, now, roomCode, userId, null, reason);
  }

  /** The room's host is now userId (null: the room has none). */
  public static RoomEvent host(long id, long now, String roomCode, String userId) {
    return new RoomEvent(Type.HOST, id, now, roomCode, userId, null, null);
  }

  /**
   * An event as another instance published it: {"type":"..","id":N,...}. Only its type and id
   * are read; the JSON is passed on as it came.
   */
  public static RoomEvent published(String roomCode, byte[] json) {
    String text = new String(json, 0, Math.min(json.length, 64), java.nio.charset.StandardCharsets.US_ASCII);
    int typeStart = text.indexOf("\"type\":\"") + 8;
    int typeEnd = text.indexOf('"', typeStart);
    int idStart = text.indexOf("\"id\":", typeEnd) + 5;
    int idEnd = idStart;
    while (idEnd < text.length() && Character.isDigit(text.charAt(idEnd))) {
      idEnd++;
    }
    if (typeStart < 8 || typeEnd < 0 || idStart < 5 || idEnd == idStart) {
      throw new IllegalArgumentException("not a room event: " + text);
    }
    Type type = Type.valueOf(text.substring(typeStart, typeEnd).toUpperCase(java.util.Locale.ROOT));
    RoomEvent event = new RoomEvent(type, Long.parseLong(text.substring(idStart, idEnd)), 0, roomCode, null, null, null);
    event.json = json;
    return event;
  }

  public Type type() {
    return type;
  }

  public long id() {
    return id;
  }

  public String roomCode() {
    return roomCode;
  }

  public String userId() {
    return userId;
  }

  public PlayerStatus status() {
    return status;
  }

  public String reason() {
    return reason;
  }

  /**
   * status: {"type":"status","id":N,"serverTime":T,"status":{..as GET answers it..}};
   * leave: {"type":"leave","id":N,"serverTime":T,"roomCode":..,"userId":..,"reason":"expired"|"closed"};
   * host: {"type":"host","id":N,"serverTime":T,"roomCode":..,"userId":..|null}.
   */
  public byte[] json() {
    byte[] encoded = json;
    if (encoded == null) {
      JsonWriter w = new JsonWriter(512);
      w.raw(type.json).number(id).raw(SERVER_TIME).number(serverTime);
      switch (type) {
        case STATUS -> StatusJson.status(w.raw(STATUS), userId, roomCode, status);
        case LEAVE -> w.raw(ROOM_CODE).string(roomCode).raw(USER_ID).string(userId).raw(REASON).string(reason);
        case HOST -> {
          w.raw(ROOM_CODE).string(roomCode).raw(USER_ID);
          if (userId == null) {
            w.nul();
          } else {
            w.string(userId);
          }
        }
      }
      encoded = w.raw('}').toByteArray();
      json = encoded;
    }
    return encoded;
  }
}
