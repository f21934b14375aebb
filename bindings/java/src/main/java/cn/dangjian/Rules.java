package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.RuleCatalogue;

/** The catalogue of rules. Safe from any thread. */
public final class Rules {
  private Rules() {}

  /** Every rule with its severity, subject, citation and what it checks; {@code lang} "zh" or "en". */
  public static RuleCatalogue catalogue(String lang) {
    return CInterface.message(RuleCatalogue.parser(), CInterface.bytes(b -> DJ.dj_rules(lang, CInterface.FORMAT_BINARY, b)));
  }
}
