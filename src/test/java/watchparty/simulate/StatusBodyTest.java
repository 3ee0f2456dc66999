package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusBodyTest {
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void aPostedStatusHasTheSeedsShapeAndNoSampleInstant() throws Exception {
    JsonNode s = json.readTree(StatusBody.write(false, "r1-host", "sim-x-r1", true, StatusBody.content(1), true, true,
        12_500_007, 7200, 1, Double.NaN));
    assertFalse(s.has("type"));
    assertEquals("r1-host", s.get("userId").asText());
    assertEquals("sim-x-r1", s.get("roomCode").asText());
    assertTrue(s.get("isHost").asBoolean());
    assertEquals("Simulated film 1", s.path("content").path("title").asText());
    JsonNode p = s.get("player");
    assertTrue(p.get("isPlaying").asBoolean());
    assertFalse(p.get("isPaused").asBoolean());
    assertEquals(12.500007, p.get("time").doubleValue());
    assertEquals(7200, p.get("duration").asInt());
    assertEquals(42.500007, p.get("buffered").doubleValue());
    assertFalse(p.has("sampledAt"));
  }

  @Test
  void aSocketStatusIsTypedAndCarriesItsSampleInstant() throws Exception {
    String body = StatusBody.write(true, "r1-f1", "sim-x-r1", false, StatusBody.content(1), false, false,
        7_199_990_000L, 7200, 0.95, 1795494232580.46);
    JsonNode s = json.readTree(body);
    assertEquals("status", s.get("type").asText());
    JsonNode p = s.get("player");
    assertTrue(p.get("isPaused").asBoolean());
    assertEquals(0.95, p.get("playbackRate").doubleValue());
    assertEquals(7200, p.get("buffered").doubleValue(), "buffered stops at the end");
    assertEquals(1795494232580.5, p.get("sampledAt").doubleValue());
    assertTrue(body.contains("\"sampledAt\":1795494232580.5}"), body);
  }

  @Test
  void decimalsNeverUseAnExponent() {
    assertEquals("0.000001", StatusBody.decimal(1, 6));
    assertEquals("1795494232580.5", StatusBody.decimal(17954942325805L, 1));
    assertEquals("-1.050", StatusBody.decimal(-1050, 3));
    assertEquals("1.25", StatusBody.number(1.25));
    assertEquals("7200", StatusBody.number(7200));
  }
}
