package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TargetTest {
  @Test
  void readsHostPortSchemeAndPrefix() {
    assertEquals(new Target("127.0.0.1", 8080, false, ""), Target.of("http://127.0.0.1:8080"));
    assertEquals(new Target("party.example.com", 443, true, "/sync"), Target.of("https://party.example.com/sync/"));
    assertEquals(new Target("lb", 80, false, ""), Target.of("ws://lb"));
    assertEquals(new Target("::1", 9000, false, ""), Target.of("http://[::1]:9000"));
    assertEquals("/sync/api/player/ws", Target.of("https://h/sync").path("/api/player/ws"));
  }

  @Test
  void refusesWhatIsNotAnHttpUrl() {
    assertThrows(IllegalArgumentException.class, () -> Target.of("ftp://h"));
    assertThrows(IllegalArgumentException.class, () -> Target.of("localhost:8080"));
    assertThrows(IllegalArgumentException.class, () -> Target.of("http://"));
  }
}
