package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

import dunes.appliance.shell.NodeShellPort;
import dunes.build.BuildSpec;
import dunes.build.BuildVariables;
import dunes.pki.Fingerprints;
import dunes.pki.keys.Keystores;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Undo of the client certificate: the keystore as it was before the build (its backup on the
 * node) back in place, uploaded under a temporary name and renamed ({@link KeystoreUploads}), and
 * vco-server restarted when it does not serve the backup's certificate ({@link ServedCertificates}).
 * No backup means the build never touched the keystore. Both decisions look at the node, so a
 * repeated undo changes nothing and one that died after putting the file back still restarts.
 */
@Component
public class RestoreKeystoreStep implements JavaDelegate {

  private final NodeShellPort shell;
  private final KeystoreUploads uploads;
  private final ServedCertificates served;

  public RestoreKeystoreStep(NodeShellPort shell, KeystoreUploads uploads, ServedCertificates served) {
    this.shell = shell;
    this.uploads = uploads;
    this.served = served;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    BuildSpec.Node node = BuildVariables.node(execution, spec);
    NodeShellPort.Target target = node(execution, spec);
    if (!shell.exists(target, BACKUP)) {
      return; // never touched
    }
    byte[] original = shell.download(target, BACKUP);
    uploads.replaceOnce(execution, target, KEYSTORE, current -> original);
    served.restartUnlessServing(target, node.ip(), spec.appliance().serverPort(),
        Fingerprints.sha256(Keystores.entryCertificate(original, STORE_PASSWORD, ALIAS)));
  }
}
