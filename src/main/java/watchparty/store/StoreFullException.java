package watchparty.store;

/** A configured cap would be passed: a new room or user is refused while existing ones keep working. */
public final class StoreFullException extends RuntimeException {
  public StoreFullException(String what, String setting, long cap) {
    super("The service holds its maximum of " + cap + " " + what + " (" + setting + "); existing rooms keep working",
        null, false, false);
  }
}
