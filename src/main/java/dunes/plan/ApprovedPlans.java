package dunes.plan;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The plan's decisions for BPMN gateways ({@code ${approvedPlans.approved(execution)}}), read from
 * {@link Plans} and the server's policy, never from a variable.
 */
@Component("approvedPlans")
public class ApprovedPlans {

  private final Plans plans;
  private final PlanProperties properties;

  public ApprovedPlans(Plans plans, PlanProperties properties) {
    this.plans = plans;
    this.properties = properties;
  }

  /**
   * No plan task: the policy allows it ({@code dunes.plan.skip-when-pinned}), the request pins
   * every existing endpoint and each presented exactly that at preflight, and the request does not
   * ask the plan to approve the shutdown before cloning (that needs an approval).
   */
  public boolean skip(DelegateExecution execution) {
    return properties.skipWhenPinned() && plans.find(execution.getProcessBusinessKey())
        .map(stored -> stored.plan().everyExistingEndpointPinned() && !stored.plan().shutdownInPlan())
        .orElse(false);
  }

  /** Someone approved this build's plan (Task_ApprovePlan's listener recorded who). */
  public boolean approved(DelegateExecution execution) {
    return plans.approved(execution.getProcessBusinessKey()).isPresent();
  }

  /** The approved plan covers the guest shutdown of node 1 before cloning. */
  public boolean coversShutdown(DelegateExecution execution) {
    return plans.approved(execution.getProcessBusinessKey()).map(stored -> stored.plan().shutdownInPlan()).orElse(false);
  }
}
