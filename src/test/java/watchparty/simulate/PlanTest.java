package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlanTest {
  @Test
  void fillsRoomsOfOneHostAndFollowers() {
    Plan plan = Plan.of("ab12", 3, 4, 12, Plan.Mode.LIVE, 0);
    assertEquals(3, plan.rooms().size());
    assertEquals(12, plan.viewers());
    for (Plan.RoomPlan room : plan.rooms()) {
      assertEquals(4, room.viewers().size());
      assertTrue(room.viewers().get(0).host());
      assertEquals(room.hostId(), room.viewers().get(0).userId());
      assertEquals(1, room.viewers().stream().filter(Plan.ViewerPlan::host).count());
    }
    assertEquals(12, plan.count(Plan.Mode.LIVE));
  }

  @Test
  void theLastRoomTakesWhatIsLeft() {
    int rooms = Plan.roomsFor(45, 20);
    assertEquals(3, rooms);
    Plan plan = Plan.of("ab12", rooms, 20, 45, Plan.Mode.POLL, 0);
    assertEquals(List.of(20, 20, 5), plan.rooms().stream().map(r -> r.viewers().size()).toList());
    assertThrows(IllegalArgumentException.class, () -> Plan.of("ab12", 3, 20, 40, Plan.Mode.POLL, 0));
    assertThrows(IllegalArgumentException.class, () -> Plan.of("ab12", 3, 20, 61, Plan.Mode.POLL, 0));
  }

  @Test
  void spreadsJoinsEvenlyOverTheRampHostsFirst() {
    Plan plan = Plan.of("ab12", 2, 5, 10, Plan.Mode.LIVE, 10_000);
    List<Long> starts = plan.rooms().stream().flatMap(r -> r.viewers().stream()).map(Plan.ViewerPlan::startMillis)
        .toList();
    assertEquals(List.of(0L, 1000L, 2000L, 3000L, 4000L, 5000L, 6000L, 7000L, 8000L, 9000L), starts);
  }

  @Test
  void mixedPutsHalfOfEachRoomOnEachClient() {
    Plan plan = Plan.of("ab12", 4, 20, 80, Plan.Mode.MIXED, 0);
    assertEquals(40, plan.count(Plan.Mode.LIVE));
    assertEquals(40, plan.count(Plan.Mode.POLL));
    for (Plan.RoomPlan room : plan.rooms()) {
      assertEquals(10, room.viewers().stream().filter(v -> v.client() == Plan.Mode.LIVE).count());
    }
    // hosts alternate, so both clients lead some rooms
    assertEquals(Plan.Mode.LIVE, plan.rooms().get(0).viewers().get(0).client());
    assertEquals(Plan.Mode.POLL, plan.rooms().get(1).viewers().get(0).client());
  }

  @Test
  void roomCodesAndUserIdsAreUniqueAndNoCodeContainsAnother() {
    Plan plan = Plan.of("ab12", 120, 3, 360, Plan.Mode.LIVE, 0);
    Set<String> codes = new HashSet<>();
    Set<String> users = new HashSet<>();
    for (Plan.RoomPlan room : plan.rooms()) {
      codes.add(room.code());
      room.viewers().forEach(v -> users.add(v.userId()));
    }
    assertEquals(120, codes.size());
    assertEquals(360, users.size());
    for (String a : codes) {
      for (String b : codes) {
        assertFalse(!a.equals(b) && b.contains(a), a + " in " + b);
      }
    }
    assertEquals("sim-ab12-r007", plan.rooms().get(7).code());
  }
}
