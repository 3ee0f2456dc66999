package watchparty.status;

import java.util.List;

/** One user's recent statuses in a room, oldest first. */
public record UserStatuses(String userId, List<PlayerStatus> statuses) {
}
