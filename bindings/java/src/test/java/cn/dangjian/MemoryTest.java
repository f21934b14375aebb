package cn.dangjian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dangjian.v1.Member;
import cn.dangjian.v1.Org;
import cn.dangjian.v1.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MemoryTest {
  /** The process's resident memory in kB, from /proc. */
  private static long residentKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }
    throw new IOException("no VmRSS in /proc/self/status");
  }

  /** The options' native memory, freed as JNA's cleaner collects them, given its time on a busy machine. */
  private static void settle() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static int loadAndCheck(Snapshot snapshot, int times) {
    int findings = 0;
    for (int i = 0; i < times; i++) {
      try (Checker checker = Checker.builtin("national").load(snapshot)) {
        findings += checker.check(new Options().asOf(Dangjian.SAMPLE_AS_OF)).getFindingsCount();
      }
    }
    return findings;
  }

  @Test
  void tenThousandLoadsAndChecksHoldTheirMemory() throws IOException {
    Snapshot.Builder s = Snapshot.newBuilder().addOrgs(Org.newBuilder().setId("b").setKind(Org.Kind.BRANCH));
    for (int i = 0; i < 40; i++) {
      s.addMembers(Member.newBuilder().setId("m" + i).setOrgId("b").setStatus(Member.Status.FULL));
    }
    Snapshot snapshot = s.build();
    int each = loadAndCheck(snapshot, 1);
    assertTrue(each > 0);
    assertEquals(1000 * each, loadAndCheck(snapshot, 1000));  // the heap and the allocator settle
    settle();
    long before = residentKb();
    assertEquals(10000 * each, loadAndCheck(snapshot, 10000));
    settle();
    long grown = residentKb() - before;
    System.out.println("resident memory grown by " + grown + " kB over 10,000 loads and checks");
    // A snapshot or report left behind each time would be tens of megabytes.
    assertTrue(grown < 16 * 1024, "resident memory grew by " + grown + " kB");
  }
}
