package cn.dangjian;

/**
 * A call into the library failed: the C interface's status code and the message
 * {@code dj_last_error()} gave for it (for bad input, naming the record and field,
 * "orgs[12].parentId: no org \"x\"").
 */
public final class DangjianException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A null where a value is required, an unknown format, option or date. */
  public static final int INVALID_ARGUMENT = 1;
  /** Bytes that do not parse or validate; the message names record and field. */
  public static final int BAD_INPUT = 2;
  /** No such profile, rule, org or file. */
  public static final int NOT_FOUND = 3;
  /** A defect of the library. */
  public static final int INTERNAL = 4;
  /** The library found is of another major version, or older than this binding. */
  public static final int VERSION_MISMATCH = 5;
  /** Out of memory: nothing was created. */
  public static final int NO_MEMORY = 6;
  /** A callback asked to stop. */
  public static final int STOPPED = 7;

  private final int code;

  public DangjianException(int code, String message) {
    super(message);
    this.code = code;
  }

  /** The C interface's status code (one of the constants of this class). */
  public int code() {
    return code;
  }
}
