package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.Member.DuesCategory;
import com.sun.jna.ptr.LongByReference;

/** Party dues (党费): the standard a member pays each month. Safe from any thread. */
public final class Dues {
  private Dues() {}

  /**
   * The national standard monthly dues in cents for a category and an after-tax
   * monthly income in cents (ignored by the flat categories; -1 when unknown).
   */
  public static long standardCents(DuesCategory category, long monthlyIncomeCents) {
    LongByReference out = new LongByReference();
    CInterface.check(DJ.dj_dues_standard(category.getNumber(), monthlyIncomeCents, null, out));
    return out.getValue();
  }
}
