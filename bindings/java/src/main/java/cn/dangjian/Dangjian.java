package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

/** The library itself: its version and the bundled sample city. */
public final class Dangjian {
  /** The date the bundled sample is meant to be checked as of (DJ_SAMPLE_AS_OF). */
  public static final String SAMPLE_AS_OF = "2026-11-30";

  private Dangjian() {}

  /** The version of the libdangjian.so loaded, "0.3.0". */
  public static String version() {
    return DJ.dj_version_string();
  }

  /** The bundled sample city, as Snapshot JSON. */
  public static byte[] sample() {
    return CInterface.bytes(DJ::dj_sample);
  }
}
