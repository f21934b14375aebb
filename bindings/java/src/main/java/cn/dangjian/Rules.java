package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.RuleCatalogue;
import com.google.protobuf.InvalidProtocolBufferException;

/** The catalogue of rules. Safe from any thread. */
public final class Rules {
  private Rules() {}

  /** Every rule with its severity, subject, citation and what it checks; {@code lang} "zh" or "en". */
  public static RuleCatalogue catalogue(String lang) {
    byte[] bytes = CInterface.bytes(b -> DJ.dj_rules(lang, CInterface.FORMAT_BINARY, b));
    try {
      return RuleCatalogue.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new DangjianException(DangjianException.INTERNAL, "a RuleCatalogue that does not parse: " + e.getMessage());
    }
  }
}
