package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.Agenda;
import cn.dangjian.v1.Assessment;
import cn.dangjian.v1.Delta;
import cn.dangjian.v1.Event;
import cn.dangjian.v1.EventBatch;
import cn.dangjian.v1.Report;
import cn.dangjian.v1.Snapshot;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * A snapshot held and changed one event at a time, its findings kept current:
 * a platform feeds it what changes (a member added, a meeting recorded, dues
 * paid) and gets back what the change added and resolved. Every finding carries
 * its key (Finding.key), the same in a check, this Engine's report and its
 * deltas.
 *
 * <p>Thread safety: the library's engine is for one thread at a time; the
 * methods of this class are synchronized, so calls from many threads are taken
 * in turn. A rejected event or batch ({@link DangjianException#BAD_INPUT}, the
 * message naming the field) changes nothing.
 */
public final class Engine implements AutoCloseable {
  private Pointer engine;

  private Engine(Pointer engine) {
    this.engine = engine;
  }

  /** An Engine over a snapshot in JSON, binary or delimited form, with a built-in profile. */
  public static Engine create(byte[] data, Format format, String profileId, Options options) {
    return over(data, format, CInterface.profile(profileId), options);
  }

  /** An Engine over a snapshot built with the generated classes. */
  public static Engine create(Snapshot snapshot, String profileId, Options options) {
    return create(snapshot.toByteArray(), Format.BINARY, profileId, options);
  }

  /** An Engine with a profile of one's own in textproto; {@code extends} names a built-in one. */
  public static Engine withProfile(byte[] data, Format format, String profileTextproto, Options options) {
    return over(data, format, CInterface.parseProfile(profileTextproto), options);
  }

  private static Engine over(byte[] data, Format format, Pointer profile, Options options) {
    try {
      CInterface.EngineOptions o = options.engine();
      PointerByReference out = new PointerByReference();
      CInterface.check(DJ.dj_engine_create(data, new CInterface.SizeT(data.length), format.code, profile, o, out));
      return new Engine(out.getValue());
    } finally {
      DJ.dj_profile_destroy(profile);  // the engine keeps its own copy of the policy
    }
  }

  /** Applies one event. */
  public synchronized Delta apply(Event event) {
    byte[] bytes = event.toByteArray();
    return delta(CInterface.bytes(
        b -> DJ.dj_engine_apply(open(), bytes, new CInterface.SizeT(bytes.length), CInterface.FORMAT_BINARY, b)));
  }

  /** Applies the events as one, each in turn: all or none. */
  public synchronized Delta applyBatch(Iterable<Event> events) {
    byte[] bytes = EventBatch.newBuilder().addAllEvents(events).build().toByteArray();
    return delta(CInterface.bytes(
        b -> DJ.dj_engine_apply_batch(open(), bytes, new CInterface.SizeT(bytes.length), CInterface.FORMAT_BINARY, b)));
  }

  /**
   * Moves the Engine's date to {@code asOf} ("YYYY-MM-DD", not before its date):
   * what the days passed added and resolved.
   */
  public synchronized Delta advance(String asOf) {
    return delta(CInterface.bytes(b -> DJ.dj_engine_advance(open(), asOf, CInterface.FORMAT_BINARY, b)));
  }

  /** Every current finding. */
  public synchronized Report report() {
    return CInterface.message(Report.parser(),
        CInterface.bytes(b -> DJ.dj_engine_report(open(), CInterface.FORMAT_BINARY, b)));
  }

  /** The snapshot as it is now, every field as given and changed since. */
  public synchronized Snapshot snapshot() {
    return CInterface.message(Snapshot.parser(),
        CInterface.bytes(b -> DJ.dj_engine_export(open(), CInterface.FORMAT_BINARY, b)));
  }

  /**
   * The snapshot as it is now in {@code format} (JSON, binary, or delimited for
   * one past binary's 2 GiB), what {@link #create} reads back.
   */
  public synchronized byte[] export(Format format) {
    return CInterface.bytes(b -> DJ.dj_engine_export(open(), format.code, b));
  }

  /** The agenda of the data as it is now; an {@code asOf} left unset is the Engine's date. */
  public synchronized Agenda agenda(Options options) {
    CInterface.AgendaOptions o = options.agenda();
    return CInterface.message(Agenda.parser(),
        CInterface.bytes(b -> DJ.dj_engine_agenda(open(), o, options.rules, b)));
  }

  /** An assessment of the data as it is now with a built-in rubric, as {@link Checker#assess} gives it. */
  public synchronized Assessment assess(String rubricId, Options options) {
    CInterface.AssessOptions o = options.assess();
    return CInterface.message(Assessment.parser(),
        CInterface.bytes(b -> DJ.dj_engine_assess(open(), rubricId, new CInterface.SizeT(0), o, b)));
  }

  private static Delta delta(byte[] bytes) {
    return CInterface.message(Delta.parser(), bytes);
  }

  private Pointer open() {
    if (engine == null) throw new IllegalStateException("the engine is closed");
    return engine;
  }

  /** Releases the engine; again, nothing. */
  @Override
  public synchronized void close() {
    DJ.dj_engine_destroy(engine);
    engine = null;
  }
}
