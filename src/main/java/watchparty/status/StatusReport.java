package watchparty.status;

/** A status as a client reports it: who sent it, for which room, and the status itself. */
public record StatusReport(String userId, String roomCode, PlayerStatus status) {
}
