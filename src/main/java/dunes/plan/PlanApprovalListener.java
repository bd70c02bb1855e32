package dunes.plan;

import dunes.preflight.EndpointCertificate;
import dunes.preflight.PreflightReport;
import dunes.preflight.PreflightReports;
import dunes.security.TaskCompleter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On completing Task_ApprovePlan ({@code camunda:taskListener event="complete"
 * delegateExpression="${planApproval}"}) with {@code planDecision = approve}: records in
 * {@link Plans} who approved (the authenticated user, never a variable) and when, and pins every
 * existing endpoint's fingerprint as the preflight report in Dunes's table has it. The report must
 * still be the one the plan showed; otherwise the completion is refused and the task stays open.
 */
@Component("planApproval")
public class PlanApprovalListener implements TaskListener {

  static final String DECISION = "planDecision";
  private static final Logger LOG = LoggerFactory.getLogger(PlanApprovalListener.class);

  private final TaskCompleter completer;
  private final Plans plans;
  private final PreflightReports reports;

  public PlanApprovalListener(TaskCompleter completer, Plans plans, PreflightReports reports) {
    this.completer = completer;
    this.plans = plans;
    this.reports = reports;
  }

  @Override
  public void notify(DelegateTask task) {
    String user = completer.require(task, "an authenticated operator");
    Object decision = task.getVariable(DECISION);
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      throw new ProcessEngineException("'" + task.getName() + "' needs " + DECISION + " 'approve' or 'reject'");
    }
    String build = task.getExecution().getProcessBusinessKey();
    if ("reject".equals(decision)) {
      LOG.info("build {}: {} rejected the plan", build, user);
      return;
    }
    Plans.StoredPlan stored = plans.find(build).orElseThrow(() -> new ProcessEngineException("'" + task.getName()
        + "' cannot be completed: build " + build + " has no stored plan"));
    PreflightReport report = reports.find(build).orElseThrow(() -> new ProcessEngineException("'" + task.getName()
        + "' cannot be completed: build " + build + " has no preflight report"));
    Map<String, String> pins = new LinkedHashMap<>();
    for (EndpointCertificate certificate : report.certificates()) {
      pins.put(PlanEndpoints.of(PlanBuilder.existing(certificate)), certificate.fingerprint());
    }
    Map<String, String> shown = new LinkedHashMap<>();
    stored.plan().existingEndpoints().forEach(e -> shown.put(PlanEndpoints.of(e), e.fingerprint()));
    if (!pins.equals(shown)) {
      throw new ProcessEngineException("'" + task.getName() + "' cannot be completed: the preflight report of build "
          + build + " no longer has the certificates the plan showed; an approval pins only what it showed");
    }
    plans.approve(build, user, Instant.now(), pins);
    LOG.info("build {}: {} approved the plan, pinning {}", build, user, pins);
  }
}
