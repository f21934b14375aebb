import cn.dangjian.Checker;
import cn.dangjian.Dangjian;
import cn.dangjian.Engine;
import cn.dangjian.Format;
import cn.dangjian.Options;
import cn.dangjian.v1.AgendaItem;
import cn.dangjian.v1.Delta;
import cn.dangjian.v1.Event;
import cn.dangjian.v1.Finding;
import cn.dangjian.v1.Member;
import cn.dangjian.v1.Report;

/** Checks the bundled sample city, prints its agenda, and adds a member through an Engine. */
public class CheckSample {
  public static void main(String[] args) {
    byte[] sample = Dangjian.sample();
    Options asOf = new Options().asOf(Dangjian.SAMPLE_AS_OF).lang("en");
    try (Checker checker = Checker.builtin("national").load(sample, Format.JSON)) {
      Report report = checker.check(asOf);
      for (Finding f : report.getFindingsList()) {
        System.out.printf("%-9s %-36s %-12s %s%n", f.getSeverity(), f.getRuleId(), f.getOrgId(), f.getMessage());
      }
      System.out.printf("%d findings%n", report.getFindingsCount());
      for (AgendaItem item : checker.agenda(asOf).getItemsList()) {
        System.out.printf("due %s  %-12s %s%n", item.getDueOn(), item.getOrgId(), item.getMessage());
      }
    }
    // 发展党员: the branch of 2 full members gets a third.
    try (Engine engine = Engine.create(sample, Format.JSON, "national", asOf)) {
      Member member = Member.newBuilder().setId("m9001").setOrgId("b-kgq").setStatus(Member.Status.FULL).build();
      Delta delta = engine.apply(Event.newBuilder().setMemberAdded(member).build());
      for (Finding f : delta.getResolvedList()) System.out.println("resolved " + f.getKey());
      for (Finding f : delta.getAddedList()) System.out.println("added " + f.getKey());
    }
  }
}
