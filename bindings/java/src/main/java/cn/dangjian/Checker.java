package cn.dangjian;

import static cn.dangjian.CInterface.DJ;

import cn.dangjian.v1.Agenda;
import cn.dangjian.v1.Assessment;
import cn.dangjian.v1.Policy;
import cn.dangjian.v1.Report;
import cn.dangjian.v1.RuleCatalogue;
import cn.dangjian.v1.Snapshot;
import cn.dangjian.v1.Statistics;
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
 * library, so {@link #check}, {@link #agenda}, {@link #assess} and {@link #stats} are safe from
 * many threads at once and run in parallel. A {@code load} waits for the checks
 * under way and replaces the snapshot once it has loaded; a failed load leaves
 * the previous snapshot in place. {@link #close} waits for the checks under way too.
 */
public final class Checker implements AutoCloseable {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private Pointer profile;
  private Pointer snapshot;
  private volatile boolean ignoreUnknownFields;

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

  /**
   * Whether loads pass over the fields (JSON) and columns (CSV) the schema
   * lacks, as a platform's export carries what dangjian does not need; by
   * default they are refused, named in the message.
   */
  public Checker ignoreUnknownFields(boolean ignore) {
    ignoreUnknownFields = ignore;
    return this;
  }

  /** Loads a snapshot in JSON, binary or delimited form. */
  public Checker load(byte[] data, Format format) {
    PointerByReference out = new PointerByReference();
    CInterface.check(DJ.dj_snapshot_load_with(data, new CInterface.SizeT(data.length), format.code, loadOptions(), out));
    return replace(out.getValue());
  }

  /** Loads the snapshot at {@code path}: a .json, .pb or .djs file, or a folder of CSV tables. */
  public Checker load(Path path) {
    PointerByReference out = new PointerByReference();
    CInterface.check(DJ.dj_snapshot_load_file(path.toString(), loadOptions(), out));
    return replace(out.getValue());
  }

  /** Loads a snapshot built with the generated classes. */
  public Checker load(Snapshot message) {
    return load(message.toByteArray(), Format.BINARY);
  }

  /** The load's options; none (null), the library's defaults, unless told otherwise. */
  private CInterface.LoadOptions loadOptions() {
    if (!ignoreUnknownFields) return null;
    CInterface.LoadOptions o = new CInterface.LoadOptions().sized();
    o.ignore_unknown_fields = ignoreUnknownFields ? 1 : 0;
    return o;
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
    CInterface.CheckOptions o = options.check();
    return CInterface.message(Report.parser(), read(() -> CInterface.bytes(b -> DJ.dj_check(snapshot, profile, o, b))));
  }

  /** What each org must still do, by when. */
  public Agenda agenda(Options options) {
    CInterface.AgendaOptions o = options.agenda();
    return CInterface.message(Agenda.parser(),
        read(() -> CInterface.bytes(b -> DJ.dj_agenda_for_rules(snapshot, profile, o, options.rules, b))));
  }

  /**
   * Scores the orgs with a built-in rubric, by its id ("branch-standardization",
   * "organ-assessment"); the options may carry manual scores and last time's
   * assessment.
   */
  public Assessment assess(String rubricId, Options options) {
    CInterface.AssessOptions o = options.assess();
    return CInterface.message(Assessment.parser(), read(() -> CInterface.bytes(
        b -> DJ.dj_assess(snapshot, profile, rubricId, new CInterface.SizeT(0), o, b))));
  }

  /** Scores the orgs with a rubric of one's own, a Rubric message in textproto. */
  public Assessment assessWithRubric(String rubricTextproto, Options options) {
    CInterface.SizeT size = CInterface.utf8Size(rubricTextproto);
    CInterface.AssessOptions o = options.assess();
    return CInterface.message(Assessment.parser(), read(() -> CInterface.bytes(
        b -> DJ.dj_assess(snapshot, profile, rubricTextproto, size, o, b))));
  }

  /**
   * The 组织生活汇总 and 党费 tables: per org and month the 三会一课, theme days
   * and org-life meetings held against those owed, members by status, dues
   * paid and owed, rolled up for every committee and general branch.
   */
  public Statistics stats(Options options) {
    CInterface.StatsOptions o = options.stats();
    return CInterface.message(Statistics.parser(), read(() -> CInterface.bytes(b -> DJ.dj_stats(snapshot, profile, o, b))));
  }

  /** The checker's profile resolved: every field, its chain of {@code extends} flattened. */
  public Policy policy() {
    return CInterface.message(Policy.parser(), withProfile(() -> CInterface.bytes(
        b -> DJ.dj_profile_resolved(profile, CInterface.FORMAT_BINARY, b))));
  }

  /**
   * The rules of the checker's profile: the catalogue's, each with the
   * profile's severity and whether it checks it, then its own local rules.
   */
  public RuleCatalogue rules(String lang) {
    return CInterface.message(RuleCatalogue.parser(), withProfile(() -> CInterface.bytes(
        b -> DJ.dj_profile_rules(profile, lang, CInterface.FORMAT_BINARY, b))));
  }

  private byte[] withProfile(java.util.function.Supplier<byte[]> call) {
    lock.readLock().lock();
    try {
      if (profile == null) throw new IllegalStateException("the checker is closed");
      return call.get();
    } finally {
      lock.readLock().unlock();
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
