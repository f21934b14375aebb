package cn.dangjian;

import static cn.dangjian.CInterface.DJ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dangjian.v1.Agenda;
import cn.dangjian.v1.Delta;
import cn.dangjian.v1.Event;
import cn.dangjian.v1.Finding;
import cn.dangjian.v1.Member;
import cn.dangjian.v1.Org;
import cn.dangjian.v1.Report;
import cn.dangjian.v1.Snapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BindingTest {
  private static Checker sample;

  @BeforeAll
  static void loadSample() {
    sample = Checker.builtin("national").load(Dangjian.sample(), Format.JSON);
  }

  @AfterAll
  static void closeSample() {
    sample.close();
  }

  private static Options asOfSample() {
    return new Options().asOf(Dangjian.SAMPLE_AS_OF).lang("en");
  }

  /** One branch with members m0… (full first, then probationary). */
  private static Snapshot branch(int full, int probationary) {
    Snapshot.Builder s = Snapshot.newBuilder().addOrgs(Org.newBuilder().setId("b").setKind(Org.Kind.BRANCH));
    for (int i = 0; i < full + probationary; i++) {
      s.addMembers(Member.newBuilder().setId("m" + i).setOrgId("b")
          .setStatus(i < full ? Member.Status.FULL : Member.Status.PROBATIONARY));
    }
    return s.build();
  }

  private static List<String> keys(List<Finding> findings) {
    return findings.stream().map(Finding::getKey).sorted().collect(Collectors.toList());
  }

  private static List<String> all(Pattern field, String json) {
    List<String> found = new ArrayList<>();
    for (Matcher m = field.matcher(json); m.find();) found.add(m.group(1));
    found.sort(null);
    return found;
  }

  @Test
  void theSamplesFindingsAreTheJsonChecksOfTheCInterface() {
    Report report = sample.check(asOfSample());
    assertTrue(report.getFindingsCount() > 20);
    assertEquals(report.getFindingsCount(), report.getSummary().getTotal());
    assertEquals("national", report.getProfileId());

    Pointers p = new Pointers();
    try {
      CInterface.CheckOptions o = new CInterface.CheckOptions().sized();
      o.as_of = Dangjian.SAMPLE_AS_OF;
      o.lang = "en";  // format 0: JSON
      String json = new String(CInterface.bytes(b -> DJ.dj_check(p.snapshot, p.profile, o, b)), StandardCharsets.UTF_8);
      assertEquals(all(Pattern.compile("\"key\":\\s*\"([^\"]*)\""), json), keys(report.getFindingsList()));
      assertEquals(all(Pattern.compile("\"ruleId\":\\s*\"([^\"]*)\""), json),
          report.getFindingsList().stream().map(Finding::getRuleId).sorted().collect(Collectors.toList()));
    } finally {
      p.close();
    }

    Finding small = report.getFindingsList().stream()
        .filter(f -> f.getRuleId().equals("setup.branch_min_full_members")).findFirst().orElseThrow();
    assertEquals("b-kgq", small.getOrgId());
    assertEquals("2", small.getEvidenceMap().get("count"));
  }

  /** The sample loaded straight through the C interface, beside the Checker's. */
  private static final class Pointers implements AutoCloseable {
    final com.sun.jna.Pointer profile = CInterface.profile("national");
    final com.sun.jna.Pointer snapshot;

    Pointers() {
      byte[] data = Dangjian.sample();
      com.sun.jna.ptr.PointerByReference out = new com.sun.jna.ptr.PointerByReference();
      CInterface.check(DJ.dj_snapshot_load_with(data, new CInterface.SizeT(data.length), 1, null, out));
      snapshot = out.getValue();
    }

    @Override
    public void close() {
      DJ.dj_snapshot_destroy(snapshot);
      DJ.dj_profile_destroy(profile);
    }
  }

  @Test
  void eightThreadsCheckingOneCheckerAgree() throws Exception {
    Report alone = sample.check(asOfSample());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Report>> reports = new ArrayList<>();
      for (int i = 0; i < 32; i++) reports.add(pool.submit(() -> sample.check(asOfSample())));
      for (Future<Report> r : reports) assertEquals(alone, r.get());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badInputRaisesWithItsCode() {
    DangjianException notFound = assertThrows(DangjianException.class, () -> Checker.builtin("atlantis"));
    assertEquals(DangjianException.NOT_FOUND, notFound.code());

    try (Checker checker = Checker.builtin("national").load(branch(3, 0))) {
      Report before = checker.check(asOfSample());
      String broken = "{\"orgs\": [{\"id\": \"b\", \"kind\": \"BRANCH\", \"parentId\": \"x\"}]}";
      DangjianException bad = assertThrows(DangjianException.class,
          () -> checker.load(broken.getBytes(StandardCharsets.UTF_8), Format.JSON));
      assertEquals(DangjianException.BAD_INPUT, bad.code());
      assertTrue(bad.getMessage().contains("parentId"), bad.getMessage());
      assertEquals(before, checker.check(asOfSample()), "a failed load leaves the snapshot loaded before");

      DangjianException date = assertThrows(DangjianException.class,
          () -> checker.check(new Options().asOf("2026-13-01")));
      assertEquals(DangjianException.INVALID_ARGUMENT, date.code());
      assertTrue(date.getMessage().contains("as_of"), date.getMessage());

      DangjianException missing = assertThrows(DangjianException.class,
          () -> checker.load(Path.of("no", "such", "snapshot.json")));
      assertEquals(DangjianException.NOT_FOUND, missing.code());
    }
    DangjianException profile = assertThrows(DangjianException.class, () -> Checker.withProfile("id: "));
    assertEquals(DangjianException.BAD_INPUT, profile.code());
  }

  @Test
  void idsAndMessagesCrossInUtf8() {
    Snapshot s = Snapshot.newBuilder()
        .addOrgs(Org.newBuilder().setId("机关党委").setKind(Org.Kind.COMMITTEE))
        .addOrgs(Org.newBuilder().setId("第一支部").setParentId("机关党委").setKind(Org.Kind.BRANCH))
        .addMembers(Member.newBuilder().setId("m0").setOrgId("第一支部").setStatus(Member.Status.FULL))
        .build();
    try (Checker checker = Checker.builtin("national").load(s)) {
      Report report = checker.check(new Options().asOf(Dangjian.SAMPLE_AS_OF).scope("第一支部")
          .rules(List.of("setup.branch_min_full_members")));
      assertEquals(1, report.getFindingsCount());
      assertEquals("第一支部", report.getFindings(0).getOrgId());
      assertEquals("正式党员1名,成立党支部须正式党员3名以上", report.getFindings(0).getMessage());
      DangjianException unknown = assertThrows(DangjianException.class,
          () -> checker.check(new Options().asOf(Dangjian.SAMPLE_AS_OF).scope("第二支部")));
      assertTrue(unknown.getMessage().contains("第二支部"), unknown.getMessage());
    }
  }

  @Test
  void aSnapshotLoadsFromAPathAndFromAMessageAlike() throws Exception {
    Path file = Files.createTempFile("dangjian", ".pb");
    try {
      Files.write(file, branch(2, 1).toByteArray());
      try (Checker fromPath = Checker.builtin("national").load(file);
           Checker fromMessage = Checker.builtin("national").load(branch(2, 1))) {
        Report r = fromPath.check(asOfSample());
        assertEquals(r, fromMessage.check(asOfSample()));
        assertTrue(r.getFindingsList().stream().anyMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));
      }
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void anEnginesDeltaIsWhatAFreshCheckFinds() {
    Snapshot before = branch(2, 0);
    Member added = Member.newBuilder().setId("m9").setOrgId("b").setStatus(Member.Status.FULL).build();
    Snapshot after = before.toBuilder().addMembers(added).build();
    try (Engine engine = Engine.create(before, "national", asOfSample());
         Checker fresh = Checker.builtin("national")) {
      List<String> was = keys(engine.report().getFindingsList());
      Delta delta = engine.apply(Event.newBuilder().setMemberAdded(added).build());
      assertFalse(delta.getResolvedList().isEmpty());
      assertTrue(delta.getResolvedList().stream().anyMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));

      List<String> expected = keys(fresh.load(after).check(asOfSample()).getFindingsList());
      assertEquals(expected, keys(engine.report().getFindingsList()));
      TreeSet<String> applied = new TreeSet<>(was);
      applied.removeAll(keys(delta.getResolvedList()));
      applied.addAll(keys(delta.getAddedList()));
      assertEquals(new TreeSet<>(expected), applied);

      Report held = engine.report();
      DangjianException rejected = assertThrows(DangjianException.class,
          () -> engine.applyBatch(List.of(Event.newBuilder().setMemberRemoved("m0").build(),
              Event.newBuilder().setMemberRemoved("nobody").build())));
      assertEquals(DangjianException.BAD_INPUT, rejected.code());
      assertEquals(held, engine.report(), "a rejected batch changes nothing");
    }
  }

  @Test
  void theAgendaTheCatalogueAndDues() {
    Agenda agenda = sample.agenda(asOfSample());
    assertEquals(Dangjian.SAMPLE_AS_OF, agenda.getAsOf());
    assertTrue(agenda.getItemsCount() > 0);
    assertTrue(Rules.catalogue("en").getRulesList().stream()
        .anyMatch(r -> r.getId().equals("setup.branch_min_full_members")));
    assertEquals(3000, Dues.standardCents(Member.DuesCategory.EMPLOYED, 300001));  // 1% above 3,000 yuan
    assertEquals(DangjianException.INVALID_ARGUMENT, assertThrows(DangjianException.class,
        () -> Dues.standardCents(Member.DuesCategory.DUES_CATEGORY_UNSPECIFIED, 300000)).code());
  }
}
