package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.Agenda;
import cn.dangjian.v1.Assessment;
import cn.dangjian.v1.Report;
import cn.dangjian.v1.Snapshot;
import com.google.protobuf.InvalidProtocolBufferException;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One profile and one loaded snapshot, checked as often as asked: what a
 * service holds for a platform's data.
 *
 * <pre>{@code
 * try (Checker checker = Checker.builtin("national")) {
 *   checker.load(Dangjian.sample(), Format.JSON);
 *   Report report = checker.check(new Options().asOf(Dangjian.SAMPLE_AS_OF).lang("en"));
 * }
 * }</pre>
 *
 * <p>Thread safety: a loaded snapshot and a profile are immutable in the
 * library, so {@link #check}, {@link #agenda} and {@link #assess} are safe from
 * many threads at once and run in parallel. A {@code load} waits for the checks
 * under way and replaces the snapshot once it has loaded; a failed load leaves
 * the previous snapshot in place. {@link #close} waits for the checks under way too.
 */
public final class Checker implements AutoCloseable {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private Pointer profile;
  private Pointer snapshot;

  private Checker(Pointer profile) {
    this.profile = profile;
  }

  /** A checker with a built-in profile ("national", or a province's). */
  public static Checker builtin(String profileId) {
    return new Checker(CInterface.profile(profileId));
  }

  /** A checker with a profile in textproto; {@code extends} names a built-in one. */
  public static Checker withProfile(String textproto) {
    return new Checker(CInterface.parseProfile(textproto));
  }

  /** Loads a snapshot in JSON, binary or delimited form. */
  public Checker load(byte[] data, Format format) {
    PointerByReference out = new PointerByReference();
    CInterface.check(DJ.dj_snapshot_load_with(data, new CInterface.SizeT(data.length), format.code, null, out));
    return replace(out.getValue());
  }

  /** Loads the snapshot at {@code path}: a .json, .pb or .djs file, a workbook (.xlsx), or a folder of CSV tables. */
  public Checker load(Path path) {
    PointerByReference out = new PointerByReference();
    CInterface.check(DJ.dj_snapshot_load_file(path.toString(), null, out));
    return replace(out.getValue());
  }

  /** Loads a snapshot built with the generated classes. */
  public Checker load(Snapshot message) {
    return load(message.toByteArray(), Format.BINARY);
  }

  private Checker replace(Pointer loaded) {
    lock.writeLock().lock();
    try {
      if (profile == null) {
        DJ.dj_snapshot_destroy(loaded);
        throw new IllegalStateException("the checker is closed");
      }
      DJ.dj_snapshot_destroy(snapshot);
      snapshot = loaded;
      return this;
    } finally {
      lock.writeLock().unlock();
    }
  }

  /** Runs the profile's rules over the snapshot. */
  public Report check(Options options) {
    CInterface.CheckOptions o = new CInterface.CheckOptions().sized();
    o.as_of = options.asOf;
    o.from = options.from;
    o.scope = options.scope;
    o.rules = options.rules;
    o.lang = options.lang;
    o.format = CInterface.FORMAT_BINARY;
    byte[] bytes = read(() -> CInterface.bytes(b -> DJ.dj_check(snapshot, profile, o, b)));
    try {
      return Report.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new DangjianException(DangjianException.INTERNAL, "a Report that does not parse: " + e.getMessage());
    }
  }

  /** What each org must still do, by when. */
  public Agenda agenda(Options options) {
    CInterface.AgendaOptions o = new CInterface.AgendaOptions().sized();
    o.as_of = options.asOf;
    o.days = options.days == null ? -1 : options.days;  // DJ_AGENDA_DEFAULT_HORIZON
    o.scope = options.scope;
    o.lang = options.lang;
    o.format = CInterface.FORMAT_BINARY;
    byte[] bytes = read(() -> CInterface.bytes(b -> DJ.dj_agenda_for_rules(snapshot, profile, o, options.rules, b)));
    try {
      return Agenda.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new DangjianException(DangjianException.INTERNAL, "an Agenda that does not parse: " + e.getMessage());
    }
  }

  /**
   * Scores the orgs with a rubric: a built-in rubric's id
   * ("branch-standardization", "organ-assessment").
   */
  public Assessment assess(String rubric, Options options) {
    CInterface.AssessOptions o = new CInterface.AssessOptions().sized();
    o.as_of = options.asOf;
    o.scope = options.scope;
    o.lang = options.lang;
    o.format = CInterface.FORMAT_BINARY;
    byte[] bytes = read(() -> CInterface.bytes(b -> DJ.dj_assess(snapshot, profile, rubric, new CInterface.SizeT(0), o, b)));
    try {
      return Assessment.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new DangjianException(DangjianException.INTERNAL, "an Assessment that does not parse: " + e.getMessage());
    }
  }

  private byte[] read(java.util.function.Supplier<byte[]> call) {
    lock.readLock().lock();
    try {
      if (profile == null) throw new IllegalStateException("the checker is closed");
      if (snapshot == null) throw new IllegalStateException("no snapshot loaded: call load first");
      return call.get();
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Releases the snapshot and the profile; again, nothing. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      DJ.dj_snapshot_destroy(snapshot);
      DJ.dj_profile_destroy(profile);
      snapshot = null;
      profile = null;
    } finally {
      lock.writeLock().unlock();
    }
  }
}
