package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RoomAnswerTest {
  private final RoomAnswer answer = new RoomAnswer(new JsonFactory());

  private static String status(String user, boolean playing, String time, double rate, String sampledAt, long ts) {
    return "{\"userId\":\"" + user + "\",\"roomCode\":\"R\",\"isHost\":" + user.endsWith("host")
        + ",\"content\":{\"title\":\"T\",\"type\":\"movie\"},\"player\":{\"isPlaying\":" + playing
        + ",\"isPaused\":" + !playing + ",\"isLoading\":false,\"hasPlayedOnce\":true,\"time\":" + time
        + ",\"duration\":7200,\"volume\":0.8,\"playbackRate\":" + rate + ",\"buffered\":0"
        + (sampledAt == null ? "" : ",\"sampledAt\":" + sampledAt) + "},\"timestamp\":" + ts + "}";
  }

  private boolean read(String json) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return answer.read(bytes, bytes.length, "r1-host");
  }

  @Test
  void readsTheHostsStatusesAndFollowsTheLatest() throws Exception {
    String room = "{\"roomCode\":\"R\",\"users\":{"
        + "\"r1-f1\":[" + status("r1-f1", true, "99.000000", 1, null, 900) + "],"
        + "\"r1-host\":[" + status("r1-host", true, "10.000001", 1, null, 1000) + ","
        + status("r1-host", false, "14.000002", 1.5, null, 5000) + "],"
        + "\"r1-f2\":[" + status("r1-f2", true, "98.000000", 1, null, 900) + "]}}";
    assertTrue(read(room));
    assertEquals(2, answer.count());
    assertEquals(10_000_001, answer.time(0));
    assertEquals(14_000_002, answer.time(1));
    Following.HostView latest = answer.latest();
    assertFalse(latest.playing());
    assertEquals(1.5, latest.rate());
    assertEquals(5000, latest.serverMillis());
  }

  @Test
  void aSampleInstantIsPreferredToTheReceipt() throws Exception {
    assertTrue(read("{\"roomCode\":\"R\",\"users\":{\"r1-host\":["
        + status("r1-host", true, "10", 1, "4990.5", 5000) + "]}}"));
    assertEquals(4990.5, answer.latest().serverMillis());
    assertTrue(answer.latest().playing());
  }

  @Test
  void theHostsKeyIsFoundWholeAndSpacedAnswersAreParsedInFull() throws Exception {
    // "xr1-host" ends with the host's id, and a title names it: neither is the host's key
    String other = status("xr1-host", true, "77", 1, null, 700).replace("\"T\"", "\"r1-host\\\":[\"");
    assertTrue(read("{\"roomCode\":\"R\",\"users\":{\"xr1-host\":[" + other + "],\"r1-host\":["
        + status("r1-host", true, "12", 1, null, 1200) + "]}}"));
    assertEquals(1, answer.count());
    assertEquals(12_000_000, answer.time(0));
    // another server's spacing: parsed whole, the same answer
    assertTrue(read("{\"roomCode\": \"R\", \"users\": {\"xr1-host\": [" + other + "], \"r1-host\": ["
        + status("r1-host", true, "13", 1, null, 1300) + "]}}"));
    assertEquals(1, answer.count());
    assertEquals(13_000_000, answer.time(0));
    assertTrue(read("{\"roomCode\":\"R\",\"users\":{\"xr1-host\":[" + other + "]}}"));
    assertEquals(0, answer.count(), "no status of the host");
  }

  @Test
  void anEmptyRoomHasNoHost() throws Exception {
    assertTrue(read("{\"roomCode\":\"R\",\"users\":{}}"));
    assertEquals(0, answer.count());
    assertFalse(read("{\"error\":true,\"statusCode\":400}"));
  }
}
