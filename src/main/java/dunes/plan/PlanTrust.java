package dunes.plan;

import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What an approved plan pins for an endpoint ConfirmCertificate reads, from {@link Plans} alone:
 * an existing endpoint's fingerprint as the approval pinned it from the preflight report, or, for
 * an endpoint of a new appliance that the plan lists, what it presented at first contact (pinned
 * now, and compared with on every later read). Without an approved plan, or for an endpoint the
 * plan does not cover, nothing: an operator confirms as before.
 */
@Component
public class PlanTrust {

  private static final Logger LOG = LoggerFactory.getLogger(PlanTrust.class);

  private final Plans plans;

  public PlanTrust(Plans plans) {
    this.plans = plans;
  }

  /**
   * @param endpoint as {@link PlanEndpoints} names it
   * @param presented the fingerprint the endpoint presented just now
   * @return the pin to compare {@code presented} with; empty when no approved plan covers the endpoint
   */
  public Optional<Plans.Pin> pinFor(String build, String endpoint, String presented) {
    Optional<Plans.StoredPlan> approved = plans.approved(build);
    if (approved.isEmpty()) {
      return Optional.empty();
    }
    Optional<Plans.Pin> pin = plans.pin(build, endpoint);
    if (pin.isPresent()) {
      return pin;
    }
    boolean firstContact = approved.get().plan().firstContactEndpoints().stream()
        .anyMatch(e -> e.endpoint().equals(endpoint));
    if (!firstContact) {
      return Optional.empty();
    }
    Plans.Pin first = plans.pinFirstContact(build, endpoint, presented, Instant.now());
    LOG.info("build {} pins {} at first contact: {} (covered by the plan {} approved)", build, endpoint,
        first.fingerprint(), approved.get().approvedBy());
    return Optional.of(first);
  }
}
