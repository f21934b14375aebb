"""Checks the bundled sample city from Python and prints the findings.

    PYTHONPATH=bindings/python python3 examples/python/check_sample.py
"""
import dangjian

checker = dangjian.Checker(profile="national").load(dangjian.sample())
report = checker.check(as_of=dangjian.SAMPLE_AS_OF, lang="en")
for f in report.findings:
    print(f"{f.severity:9} {f.rule_id:36} {f.org_id:12} {f.message}")
print(f"{len(report.findings)} findings")
