package watchparty.status;

/**
 * A report that cannot be stored. {@code missingIds} marks the seed's own case (no userId or
 * roomCode), which its clients recognise by the exact message.
 */
public final class InvalidStatusException extends RuntimeException {
  public static final String MISSING_FIELDS = "Missing required fields: userId, roomCode";

  private final boolean missingFields;

  public InvalidStatusException(String message) {
    this(message, false);
  }

  private InvalidStatusException(String message, boolean missingIds) {
    super(message, null, false, false);
    this.missingFields = missingIds;
  }

  public static InvalidStatusException missingFields() {
    return new InvalidStatusException(MISSING_FIELDS, true);
  }

  public boolean isMissingFields() {
    return missingFields;
  }
}
