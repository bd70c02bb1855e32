package dunes.plan;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.plan.*}: the server's policy on the plan task.
 *
 * @param skipWhenPinned a build whose request pins every existing endpoint's certificate (and each
 *     presented exactly that at preflight) runs without Task_ApprovePlan; its new appliances' keys
 *     are then confirmed one by one as before. Default false: every build shows its plan.
 */
@ConfigurationProperties("dunes.plan")
public record PlanProperties(Boolean skipWhenPinned) {
  public PlanProperties {
    skipWhenPinned = skipWhenPinned != null && skipWhenPinned;
  }
}
