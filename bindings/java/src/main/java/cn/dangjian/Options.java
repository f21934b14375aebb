package cn.dangjian;

import java.time.LocalDate;
import java.util.List;

/**
 * What a check, agenda, assessment or Engine is asked for: the date it is as of,
 * the window's first day, the subtree, the rules and the language. Unset, each
 * takes the library's default (today; 1 January of the as-of year; everything;
 * every enabled rule; Chinese). A check reads every field but {@code days}; an
 * agenda {@code asOf}, {@code days}, {@code scope}, {@code rules} and {@code lang};
 * an assessment {@code asOf}, {@code scope} and {@code lang}; an Engine
 * {@code asOf}, {@code from} and {@code lang}.
 */
public final class Options {
  String asOf;
  String from;
  String scope;
  String rules;
  String lang;
  Integer days;

  public Options asOf(LocalDate day) {
    asOf = day.toString();
    return this;
  }

  /** The date as "YYYY-MM-DD". */
  public Options asOf(String day) {
    asOf = day;
    return this;
  }

  public Options from(LocalDate day) {
    from = day.toString();
    return this;
  }

  public Options from(String day) {
    from = day;
    return this;
  }

  /** An org id: only its subtree. */
  public Options scope(String orgId) {
    scope = orgId;
    return this;
  }

  /** Rule ids or families ("term", "life.group_meeting"). */
  public Options rules(List<String> idsOrFamilies) {
    rules = String.join(",", idsOrFamilies);
    return this;
  }

  /** "zh" or "en". */
  public Options lang(String language) {
    lang = language;
    return this;
  }

  /** The agenda's horizon in days; unset: 30 days and on to the end of the month they end in. */
  public Options days(int horizon) {
    days = horizon;
    return this;
  }
}
