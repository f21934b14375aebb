package cn.dangjian;

import cn.dangjian.v1.Assessment;
import cn.dangjian.v1.ManualScores;
import com.google.protobuf.MessageLite;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.time.LocalDate;
import java.util.List;

/**
 * What a check, agenda, assessment or Engine is asked for: the date it is as of,
 * the window's first day, the subtree, the rules and the language. Unset, each
 * takes the library's default (today; 1 January of the as-of year; everything;
 * every enabled rule; Chinese). A check reads every field but {@code days},
 * {@code manual} and {@code previous}; an agenda {@code asOf}, {@code days},
 * {@code scope}, {@code rules} and {@code lang}; an assessment {@code asOf},
 * {@code scope}, {@code lang}, {@code manual} and {@code previous}; statistics
 * {@code asOf}, {@code from} and {@code scope}; an Engine {@code asOf},
 * {@code from} and {@code lang}.
 */
public final class Options {
  String asOf;
  String from;
  String scope;
  String rules;
  String lang;
  Integer days;
  ManualScores manual;
  Assessment previous;

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

  /** An assessment's manual scores: the items no rule can judge (考核 by the committee). */
  public Options manual(ManualScores scores) {
    manual = scores;
    return this;
  }

  /** Last time's assessment, so that each org's rank shows how it moved. */
  public Options previous(Assessment assessment) {
    previous = assessment;
    return this;
  }

  CInterface.CheckOptions check() {
    CInterface.CheckOptions o = new CInterface.CheckOptions().sized();
    o.as_of = asOf;
    o.from = from;
    o.scope = scope;
    o.rules = rules;
    o.lang = lang;
    o.format = CInterface.FORMAT_BINARY;
    return o;
  }

  CInterface.AgendaOptions agenda() {
    CInterface.AgendaOptions o = new CInterface.AgendaOptions().sized();
    o.as_of = asOf;
    o.days = days == null ? -1 : days;  // DJ_AGENDA_DEFAULT_HORIZON
    o.scope = scope;
    o.lang = lang;
    o.format = CInterface.FORMAT_BINARY;
    return o;
  }

  CInterface.AssessOptions assess() {
    CInterface.AssessOptions o = new CInterface.AssessOptions().sized();
    o.as_of = asOf;
    o.scope = scope;
    o.lang = lang;
    o.format = CInterface.FORMAT_BINARY;
    o.inputs_format = CInterface.FORMAT_BINARY;
    if (manual != null) {
      o.manual = memory(manual);
      o.manual_size = new CInterface.SizeT(manual.getSerializedSize());
    }
    if (previous != null) {
      o.previous = memory(previous);
      o.previous_size = new CInterface.SizeT(previous.getSerializedSize());
    }
    return o;
  }

  CInterface.StatsOptions stats() {
    CInterface.StatsOptions o = new CInterface.StatsOptions().sized();
    o.as_of = asOf;
    o.from = from;
    o.scope = scope;
    o.lang = lang;
    o.format = CInterface.FORMAT_BINARY;
    return o;
  }

  CInterface.EngineOptions engine() {
    CInterface.EngineOptions o = new CInterface.EngineOptions().sized();
    o.as_of = asOf;
    o.from = from;
    o.lang = lang;
    return o;
  }

  /** A message's bytes in native memory, held by the struct that points to them for as long as it lives. */
  private static Pointer memory(MessageLite message) {
    byte[] bytes = message.toByteArray();
    Memory memory = new Memory(Math.max(1, bytes.length));  // JNA allocates no empty block
    memory.write(0, bytes, 0, bytes.length);
    return memory;
  }
}
