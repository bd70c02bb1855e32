package dunes.pki.steps;

import static dunes.pki.steps.ClientCertificates.*;

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
 * there is kept (the CSR submitted earlier belongs to it), and a keystore that is already what an
 * earlier attempt of this step uploaded is left alone ({@link KeystoreUploads}).
 */
@Component
public class PreparePendingKeyStep implements JavaDelegate {

  private final KeystoreUploads uploads;

  public PreparePendingKeyStep(KeystoreUploads uploads) {
    this.uploads = uploads;
  }

  @Override
  public void execute(DelegateExecution execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    uploads.replaceOnce(execution, node(execution, spec), KEYSTORE, keystore -> Keystores.generatePending(keystore,
        STORE_PASSWORD, PENDING_ALIAS, KeyParameters.rsa(subject(spec), KeyParameters.DEFAULT_RSA_BITS)));
  }
}
