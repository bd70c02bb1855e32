package dunes.build;

import dunes.security.IntegrationGroup;
import java.util.List;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who requested a build, from the engine's authentication of the start (REST, message, Tasklist
 * start form), never from a variable: the authenticated user, or — when that user is a technical
 * account of change management ({@link IntegrationGroup}) — the request's {@code requestedBy}.
 */
@Component
public class BuildRequester {

  /** A Camunda user id: what {@code requestedBy} must be for four eyes to compare it with approvers. */
  static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

  private final IdentityService identity;
  private final IntegrationGroup integrations;

  public BuildRequester(IdentityService identity, IntegrationGroup integrations) {
    this.identity = identity;
    this.integrations = integrations;
  }

  /**
   * @throws InvalidBuildRequestException when change management's account starts a build without a
   *     usable {@code requestedBy}
   * @throws IllegalStateException when nobody is authenticated: only code inside Dunes can start a
   *     build that way, and a build must name its requester
   */
  public String of(BuildSpec spec) {
    Authentication caller = identity.getCurrentAuthentication();
    if (caller == null || caller.getUserId() == null) {
      throw new IllegalStateException("a build needs an authenticated requester: start it over REST, by message or"
          + " from Tasklist, or (in code) with IdentityService.setAuthentication");
    }
    if (!integrations.includes(caller)) {
      return caller.getUserId(); // a person starts the build: whatever requestedBy says
    }
    String named = spec.requestedBy();
    if (named == null || !USER_ID.matcher(named).matches()) {
      throw new InvalidBuildRequestException(List.of(new FieldError("requestedBy",
          "required when change management's account (group " + integrations.id() + ") starts the build: the Dunes"
              + " user id of the person who asked for it, 1-64 of A-Za-z0-9._@- (four eyes compares approvers with it)")));
    }
    return named;
  }
}
