package dunes.preflight;

import dunes.build.BuildVariables;
import dunes.build.probe.Findings;
import dunes.dns.NameLookup;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_Preflight: runs {@link Preflight} on the build's request, keeps the report in
 * {@link PreflightReports} under the build's business key, and sets {@code preflightPassed}; failed
 * checks become the build's field errors ({@link Findings}), so the build ends before any change. A
 * DNS that does not answer is no verdict: the job fails and is retried, then an incident says so.
 */
@Component
public class PreflightStep implements JavaDelegate {

  static final String PREFLIGHT_PASSED = "preflightPassed";

  private final Preflight preflight;
  private final PreflightReports reports;

  public PreflightStep(Preflight preflight, PreflightReports reports) {
    this.preflight = preflight;
    this.reports = reports;
  }

  @Override
  public void execute(DelegateExecution execution) {
    PreflightReport report;
    try {
      report = preflight.run(BuildVariables.spec(execution));
    } catch (NameLookup.DnsUnavailableException e) {
      throw new IllegalStateException("preflight cannot check names: no DNS server of the request's network.dns "
          + "answered (" + e.getMessage() + "); make them answer, or correct network.dns", e);
    }
    reports.save(execution.getProcessBusinessKey(), report);
    execution.setVariable(PREFLIGHT_PASSED, report.passed());
    Findings.record(execution, report.errors());
  }
}
