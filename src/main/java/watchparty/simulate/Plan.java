package watchparty.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * Who joins which room, with which client, and when: rooms of one host and followers, filled
 * one after the other, viewers spread evenly over the ramp. The host of a room joins first.
 */
public record Plan(List<RoomPlan> rooms, int viewers) {

  /** The client a viewer runs. */
  public enum Mode {
    /** the seed's client: statuses POSTed, the room read every second */
    POLL,
    /** the service's client: one WebSocket for events, statuses and clock pings */
    LIVE,
    /** half of each room's viewers on each client */
    MIXED
  }

  public record RoomPlan(int index, String code, String hostId, List<ViewerPlan> viewers) {
  }

  /** startMillis: when the viewer joins, from the start of the run. */
  public record ViewerPlan(int room, int seat, String userId, boolean host, Mode client, long startMillis) {
  }

  /**
   * rooms rooms holding viewers in all (the last room takes what is left, at least its host),
   * roomSize viewers a room; runId keeps room codes apart from other runs' against the same
   * service. Codes have one width, so that no code is a part of another (the seed matches room
   * codes by substring).
   */
  public static Plan of(String runId, int rooms, int roomSize, int viewers, Mode mode, long rampMillis) {
    if (rooms < 1 || roomSize < 1 || viewers <= roomSize * (rooms - 1) || viewers > roomSize * rooms) {
      throw new IllegalArgumentException(viewers + " viewers do not fill " + rooms + " rooms of " + roomSize);
    }
    int width = Integer.toString(rooms - 1).length();
    List<RoomPlan> plans = new ArrayList<>(rooms);
    int order = 0;
    for (int r = 0; r < rooms; r++) {
      int size = r < rooms - 1 ? roomSize : viewers - roomSize * (rooms - 1);
      String room = String.format("r%0" + width + "d", r);
      String code = "sim-" + runId + "-" + room;
      List<ViewerPlan> seats = new ArrayList<>(size);
      for (int seat = 0; seat < size; seat++) {
        boolean host = seat == 0;
        String userId = room + (host ? "-host" : "-f" + seat);
        Mode client = mode != Mode.MIXED ? mode : (r + seat) % 2 == 0 ? Mode.LIVE : Mode.POLL;
        long start = viewers <= 1 ? 0 : rampMillis * order / viewers;
        seats.add(new ViewerPlan(r, seat, userId, host, client, start));
        order++;
      }
      plans.add(new RoomPlan(r, code, seats.get(0).userId(), List.copyOf(seats)));
    }
    return new Plan(List.copyOf(plans), viewers);
  }

  /** Rooms needed for viewers at roomSize a room. */
  public static int roomsFor(int viewers, int roomSize) {
    return (viewers + roomSize - 1) / roomSize;
  }

  public int count(Mode client) {
    int n = 0;
    for (RoomPlan room : rooms) {
      for (ViewerPlan v : room.viewers()) {
        if (v.client() == client) {
          n++;
        }
      }
    }
    return n;
  }
}
