package dunes.appliance.vami;

import dunes.appliance.shell.NodeShellPort;
import dunes.appliance.shell.ShellAuthenticationException;
import dunes.appliance.shell.ShellTrustException;
import dunes.appliance.shell.ShellUnavailableException;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.engine.Wait;
import dunes.engine.WaitDeadlines;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Gives the appliance reached at {@code applianceAddress} the identity of node {@code nodeName}
 * through the in-guest VAMI commands over root's SSH session, pinned to the host key an operator
 * confirmed ({@code applianceFingerprint}): time zone, host name, name servers, then the static
 * network (the field guide's step 4 for node 1, step 3 of "Prepare Second Orchestrator Appliance"
 * for a clone, which boots at node 1's address with node 1's host key). Node 1's host name is the
 * cluster name, as the field guide sets it; a clone gets its own.
 *
 * <p>A refused password, a host key other than the pinned one, a value the appliance refuses (a
 * VAMI command's nonzero exit, its error output in the message) or one that cannot go on a command
 * line are BPMN errors (retrying cannot help).
 *
 * <p>An appliance that does not answer yet — still booting after its power-on, or switching to its
 * new address after vami_set_network — is a wait, not a failure: {@code applianceAnswered} false,
 * and the process looks again after {@code dunes.polling.appliance}. Each look converges from the
 * start (it finds the appliance where it answers), so a look is safe whatever the last one did.
 * Past {@code dunes.deadlines.appliance-answer} since the first look the step throws, and the
 * retries end in an incident naming where it was looked for.
 */
@Component
public class SetApplianceIdentityStep implements JavaDelegate {

  /** Node 1's SSH host key, "SHA256:…", as an operator confirmed it; its clones present the same key. */
  public static final String APPLIANCE_FINGERPRINT = "applianceFingerprint";
  public static final String APPLIANCE_ADDRESS = "applianceAddress";
  public static final String NODE_NAME = "nodeName";
  public static final String ERROR_APPLIANCE_REFUSED = "ApplianceRefused";
  /** Whether the last look reached the appliance and its identity is set; false: look again. */
  public static final String ANSWERED = "applianceAnswered";

  private final ApplianceIdentityPort identity;
  private final WaitDeadlines deadlines;

  public SetApplianceIdentityStep(ApplianceIdentityPort identity, WaitDeadlines deadlines) {
    this.identity = identity;
    this.deadlines = deadlines;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = spec.node((String) execution.getVariable(NODE_NAME));
    try {
      NodeShellPort.Target target = new NodeShellPort.Target((String) execution.getVariable(APPLIANCE_ADDRESS),
          spec.appliance().sshPort(), (String) execution.getVariable(APPLIANCE_FINGERPRINT),
          new SecretRef(spec.appliance().rootPasswordRef()));
      VamiResult result = identity.converge(target, desired(spec, node));
      execution.setVariable("vamiResult", node.name() + " at " + result.address() + ": " + result.summary());
      execution.setVariable(ANSWERED, true);
      deadlines.restart(execution, Wait.APPLIANCE_ANSWER);
    } catch (ShellUnavailableException | VamiUnavailableException notYet) {
      deadlines.check(execution, Wait.APPLIANCE_ANSWER, "the appliance of " + node.name() + " to answer over SSH at "
          + execution.getVariable(APPLIANCE_ADDRESS) + " or " + node.ip(), notYet.getMessage());
      execution.setVariable(ANSWERED, false);
    } catch (ShellAuthenticationException | ShellTrustException | VamiRejectedException | IllegalArgumentException e) {
      throw new BpmnError(ERROR_APPLIANCE_REFUSED, e.getMessage(), e);
    }
  }

  static DesiredIdentity desired(BuildSpec spec, BuildSpec.Node node) {
    String hostname = node.equals(spec.firstNode()) ? spec.cluster().fqdn() : node.fqdn();
    return new DesiredIdentity(hostname, spec.network().timezone(),
        new StaticNetwork(node.ip(), node.netmask(), node.gateway(), spec.network().dns()));
  }
}
