package dunes.appliance.vami;

import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.secrets.SecretRef;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Gives the appliance reached at {@code applianceAddress} the identity of node {@code nodeName}
 * through VAMI: time zone, host name, then the static network (the field guide's step 4 for node 1,
 * step 3 of "Prepare Second Orchestrator Appliance" for a clone, which boots at node 1's address).
 * Node 1's host name is the cluster name, as the field guide sets it; a clone gets its own.
 *
 * <p>A refused password, a value VAMI rejects or a certificate other than the trusted one are BPMN
 * errors (retrying cannot help); an appliance that does not answer yet is retried.
 */
@Component
public class SetApplianceIdentityStep implements JavaDelegate {

  public static final String APPLIANCE_FINGERPRINT = "applianceFingerprint";
  public static final String APPLIANCE_ADDRESS = "applianceAddress";
  public static final String NODE_NAME = "nodeName";
  public static final String ERROR_APPLIANCE_REFUSED = "ApplianceRefused";

  private final VamiPort vami;

  public SetApplianceIdentityStep(VamiPort vami) {
    this.vami = vami;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = spec.node((String) execution.getVariable(NODE_NAME));
    VamiPort.Target target = new VamiPort.Target((String) execution.getVariable(APPLIANCE_ADDRESS),
        spec.appliance().vamiPort(), (String) execution.getVariable(APPLIANCE_FINGERPRINT),
        new SecretRef(spec.appliance().rootPasswordRef()));
    try {
      VamiResult result = vami.converge(target, desired(spec, node));
      execution.setVariable("vamiResult", node.name() + " at " + result.address() + ": " + result.summary());
    } catch (VamiAuthenticationException | VamiRejectedException | VamiTrustException e) {
      throw new BpmnError(ERROR_APPLIANCE_REFUSED, e.getMessage(), e);
    }
  }

  static DesiredIdentity desired(BuildSpec spec, BuildSpec.Node node) {
    String hostname = node.equals(spec.firstNode()) ? spec.cluster().fqdn() : node.fqdn();
    return new DesiredIdentity(hostname, spec.network().timezone(),
        new StaticNetwork(node.ip(), node.netmask(), node.gateway(), spec.network().dns()));
  }
}
