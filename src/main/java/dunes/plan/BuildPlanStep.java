package dunes.plan;

import dunes.build.BuildVariables;
import dunes.preflight.PreflightReport;
import dunes.preflight.PreflightReports;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Task_BuildPlan: the plan of the request from its stored preflight report, kept in {@link Plans}
 * under the business key; the form's texts as variables (display only).
 */
@Component
public class BuildPlanStep implements JavaDelegate {

  private final PreflightReports reports;
  private final Plans plans;

  public BuildPlanStep(PreflightReports reports, Plans plans) {
    this.reports = reports;
    this.plans = plans;
  }

  @Override
  public void execute(DelegateExecution execution) {
    String build = execution.getProcessBusinessKey();
    PreflightReport report = reports.find(build).orElseThrow(() -> new IllegalStateException("build " + build
        + " has no preflight report: the plan shows what the preflight read"));
    BuildPlan plan = PlanBuilder.plan(BuildVariables.spec(execution), report);
    plans.store(build, execution.getProcessInstanceId(), plan, Instant.now());
    execution.setVariables(PlanText.variables(plan));
  }
}
