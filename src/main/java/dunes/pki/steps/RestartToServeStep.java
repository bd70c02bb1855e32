package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.shell.RestartServiceStep;
import dunes.appliance.shell.ShellAuthenticationException;
import dunes.appliance.shell.ShellTrustException;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import java.time.Instant;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * After the install: vco-server restarted when node 1 does not yet serve the installed leaf
 * ({@code clientCertificateFingerprint}) on its HTTPS port, as {@link ServedCertificates} decides
 * from what the node serves. A retry after a crash at any point (after the upload, after the
 * restart) therefore restarts exactly when the node still needs it.
 */
@Component
public class RestartToServeStep implements JavaDelegate {

  private final ServedCertificates served;

  public RestartToServeStep(ServedCertificates served) {
    this.served = served;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    String expected = (String) execution.getVariable(InstallCertificateStep.LEAF_FINGERPRINT);
    if (expected == null) {
      throw new IllegalStateException("no " + InstallCertificateStep.LEAF_FINGERPRINT + ": the certificate was not installed");
    }
    try {
      served.restartUnlessServing(node(execution, spec), node.ip(), spec.appliance().serverPort(), expected);
    } catch (ShellAuthenticationException | ShellTrustException e) {
      throw new BpmnError(RestartServiceStep.ERROR_SHELL_REFUSED, e.getMessage(), e);
    }
    execution.setVariable(RestartServiceStep.RESTARTED_AT, Instant.now().toString());
  }
}
