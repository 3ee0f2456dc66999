package watchparty.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LiveMessageTest {
  private final LiveMessage m = new LiveMessage(new JsonFactory());

  private static LiveMessage.Recipient recipient(String member) {
    return member == null ? LiveMessage.Recipient.host("r1-host") : LiveMessage.Recipient.follower(member, "r1-host");
  }

  /** Reads json both ways, checks they agree, and leaves the fast path's reading in m. */
  private boolean read(String json, String member) throws Exception {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    LiveMessage parsed = new LiveMessage(new JsonFactory());
    boolean parsedOk = parsed.parse(bytes, bytes.length, recipient(member));
    boolean ok = m.read(bytes, bytes.length, recipient(member));
    assertEquals(parsedOk, ok);
    assertEquals(describe(parsed), describe(m), json);
    return ok;
  }

  private static String describe(LiveMessage x) {
    // a status's time matters only from the host
    return x.type + " id=" + x.id + " statusFromHost=" + x.statusFromHost
        + " time=" + (x.statusFromHost ? x.statusTimeMicros : "-")
        + (x.type == LiveMessage.Type.SYNC ? " serverTime=" + x.serverTime : "")
        + " pong=" + (x.type == LiveMessage.Type.PONG ? x.t0 + "/" + x.t1 + "/" + x.t2 : "-")
        + " error=" + x.errorMessage + " host=" + x.hasHost + "/" + x.hostPlaying + "/" + x.hostRate
        + " advice=" + x.hasAdvice + "/" + x.action + "/" + x.suggestedRate + "/" + x.seekTo;
  }

  private boolean scanned(String json, String member) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    return new LiveMessage(new JsonFactory()).scan(bytes, bytes.length, recipient(member));
  }

  private static final String SYNC = "{\"type\":\"sync\",\"roomCode\":\"R\",\"serverTime\":1795494232595,"
      + "\"host\":{\"userId\":\"r1-host\",\"position\":130.412,\"playing\":true,\"playbackRate\":1.5},"
      + "\"members\":[{\"userId\":\"r1-f1\",\"position\":128.9,\"playing\":true,\"playbackRate\":1,\"drift\":-1.512,"
      + "\"action\":\"rate\",\"suggestedRate\":1.575},"
      + "{\"userId\":\"r1-f10\",\"position\":130.5,\"playing\":true,\"playbackRate\":1,\"drift\":0.088,"
      + "\"action\":\"none\"},"
      + "{\"userId\":\"r1-f2\",\"position\":95.0,\"playing\":false,\"playbackRate\":1,\"drift\":-35.412,"
      + "\"action\":\"seek\",\"seekTo\":130.412}]}";

  private static final String STATUS = "{\"type\":\"status\",\"id\":41,\"serverTime\":1795494232595,\"status\":{\"userId\":\"r1-host\","
      + "\"roomCode\":\"R\",\"isHost\":true,\"content\":{\"title\":\"T\",\"type\":\"movie\",\"tmdbId\":1},"
      + "\"player\":{\"isPlaying\":true,\"isPaused\":false,\"isLoading\":false,\"hasPlayedOnce\":true,"
      + "\"time\":12.500007,\"duration\":7200,\"volume\":0.8,\"playbackRate\":1,\"buffered\":42.5,"
      + "\"sampledAt\":1795494232580.5},\"timestamp\":1795494232595}}";

  @Test
  void readsAFollowersOwnAdviceFromASyncView() throws Exception {
    assertTrue(read(SYNC, "r1-f2"));
    assertEquals(LiveMessage.Type.SYNC, m.type);
    assertEquals(-1, m.id);
    assertTrue(m.hasHost);
    assertTrue(m.hasAdvice);
    Following.Advice a = m.advice();
    assertEquals(1795494232595L, a.serverTime());
    assertTrue(a.hostPlaying());
    assertEquals(1.5, a.hostRate());
    assertEquals(Following.Action.SEEK, a.action());
    assertEquals(130.412, a.seekTo());

    assertTrue(read(SYNC, "r1-f1"));
    assertEquals(Following.Action.RATE, m.advice().action());
    assertEquals(1.575, m.advice().suggestedRate());

    assertTrue(read(SYNC, "r1-f10"));
    assertEquals(Following.Action.NONE, m.advice().action());
  }

  @Test
  void theServicesMessagesTakeTheFastPath() {
    assertTrue(scanned(SYNC, "r1-f2"));
    assertTrue(scanned(SYNC, null));
    assertTrue(scanned(STATUS, "r1-f1"));
    assertTrue(scanned("{\"type\":\"ack\",\"timestamp\":1795494232595}", "r1-f1"));
    assertFalse(scanned("{\"type\":\"error\",\"message\":\"a \\\"quoted\\\" word\"}", "r1-f1"));
    assertFalse(scanned("{ \"type\": \"ack\" }", "r1-f1"));
    assertFalse(scanned(STATUS.replace("12.500007", "1.2500007E1"), "r1-f1"), "an exponent is left to Jackson");
  }

  @Test
  void aViewWrittenOtherwiseIsReadMemberByMember() throws Exception {
    String spaced = SYNC.replace("{\"userId\":", "{ \"userId\" : ");
    assertTrue(read(spaced, "r1-f2"));
    assertTrue(m.hasAdvice);
    assertEquals(Following.Action.SEEK, m.advice().action());
    assertEquals(130.412, m.advice().seekTo());
  }

  @Test
  void aViewWithoutTheMemberOrTheHostGivesNoAdvice() throws Exception {
    assertTrue(read(SYNC, "r1-f3"));
    assertFalse(m.hasAdvice);
    assertTrue(read("{\"type\":\"sync\",\"roomCode\":\"R\",\"serverTime\":1,\"host\":null,\"members\":[{\"userId\":"
        + "\"r1-f1\",\"position\":0,\"playing\":false,\"playbackRate\":1}]}", "r1-f1"));
    assertFalse(m.hasAdvice);
    assertTrue(read(SYNC, null), "a host only recognises sync views");
    assertEquals(LiveMessage.Type.SYNC, m.type);
    assertFalse(m.hasAdvice);
  }

  @Test
  void readsTheHostsStatusTimeAndTheEventId() throws Exception {
    assertTrue(read(STATUS, "r1-f1"));
    assertEquals(LiveMessage.Type.STATUS, m.type);
    assertEquals(41, m.id);
    assertTrue(m.statusFromHost);
    assertEquals(12_500_007, m.statusTimeMicros);
    assertTrue(read(STATUS.replace("\"userId\":\"r1-host\"", "\"userId\":\"r1-f1\""), "r1-f1"));
    assertFalse(m.statusFromHost);
  }

  @Test
  void readsAnswersToTheClientsOwnMessages() throws Exception {
    assertTrue(read("{\"type\":\"pong\",\"t0\":1795494232580.125,\"t1\":1795494232581,\"t2\":1795494232582}", null));
    assertEquals(LiveMessage.Type.PONG, m.type);
    assertEquals(1795494232580.125, m.t0);
    assertEquals(1795494232582.0, m.t2);
    assertTrue(read("{\"type\":\"ack\",\"timestamp\":1795494232595}", null));
    assertEquals(LiveMessage.Type.ACK, m.type);
    assertTrue(read("{\"type\":\"error\",\"message\":\"player.time must be a number\"}", null));
    assertTrue(read("{\"type\":\"error\",\"message\":\"a \\\"quoted\\\" word\"}", null));
    assertEquals("a \"quoted\" word", m.errorMessage);
    assertTrue(read("{\"type\":\"error\",\"message\":\"player.time must be a number\"}", null));
    assertEquals(LiveMessage.Type.ERROR, m.type);
    assertEquals("player.time must be a number", m.errorMessage);
    assertTrue(read("{\"type\":\"ack\",\"timestamp\":1}", null));
    assertNull(m.errorMessage, "fields are reset between messages");
  }

  @Test
  void snapshotsLeavesAndHostEventsGiveTheirIds() throws Exception {
    assertTrue(read("{\"type\":\"snapshot\",\"id\":7,\"serverTime\":5,\"host\":\"r1-host\",\"roomCode\":\"R\","
        + "\"users\":{\"r1-host\":[{\"userId\":\"r1-host\"}]}}", "r1-f1"));
    assertEquals(LiveMessage.Type.SNAPSHOT, m.type);
    assertEquals(7, m.id);
    assertTrue(read("{\"type\":\"leave\",\"id\":8,\"serverTime\":5,\"roomCode\":\"R\",\"userId\":\"x\","
        + "\"reason\":\"closed\"}", "r1-f1"));
    assertEquals(8, m.id);
    assertTrue(read("{\"type\":\"host\",\"id\":9,\"serverTime\":5,\"roomCode\":\"R\",\"userId\":null}", "r1-f1"));
    assertEquals(LiveMessage.Type.HOST, m.type);
    assertEquals(9, m.id);
    assertFalse(read("[1,2]", null));
  }
}
