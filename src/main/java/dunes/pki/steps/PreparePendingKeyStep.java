package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.shell.NodeShellPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.keys.KeyParameters;
import dunes.pki.keys.Keystores;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A new RSA key pair inside the node's own keystore under a pending alias, so an approval that
 * takes days survives restarts and the private key never enters the engine. A pending key already
 * there is kept (the CSR submitted earlier belongs to it).
 */
@Component
public class PreparePendingKeyStep implements JavaDelegate {

  private final NodeShellPort shell;

  public PreparePendingKeyStep(NodeShellPort shell) {
    this.shell = shell;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    NodeShellPort.Target node = node(execution, spec);
    byte[] keystore = shell.download(node, KEYSTORE);
    byte[] withKey = Keystores.generatePending(keystore, STORE_PASSWORD, PENDING_ALIAS,
        KeyParameters.rsa(subject(spec), KeyParameters.DEFAULT_RSA_BITS));
    if (withKey != keystore) {
      shell.upload(node, KEYSTORE, withKey);
    }
  }
}
