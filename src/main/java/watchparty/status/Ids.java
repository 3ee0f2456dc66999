package watchparty.status;

/** The rule for user ids and room codes: 1 to 128 characters, none of them a control character. */
public final class Ids {
  public static final int MAX_LENGTH = 128;

  private Ids() {
  }

  /** Null when the id is acceptable, else what is wrong with it, naming the field. */
  public static String problem(String field, String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      return field + " must be 1 to " + MAX_LENGTH + " characters long";
    }
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
        return field + " must not contain control characters";
      }
    }
    return null;
  }
}
