package dunes.appliance.config;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * On completing a step done by hand ({@code camunda:taskListener event="complete"
 * delegateExpression="${noPrivateKey}"}): refuses the completion when the pasted CSR holds a
 * private key. Throwing rolls the completion back, so the key is stored nowhere (no variable, no
 * history) and the task stays open; the message never repeats what was pasted.
 */
@Component("noPrivateKey")
public class NoPrivateKeyListener implements TaskListener {

  @Override
  public void notify(DelegateTask task) {
    if (task.getVariable(NodeConfiguration.PASTED_CSR) instanceof String pasted && pasted.contains("PRIVATE KEY")) {
      throw new ProcessEngineException("'" + task.getName() + "': the pasted text holds a private key (\"PRIVATE "
          + "KEY\"); it was refused and not stored. Paste only the certificate signing request, vCO_SigningRequest.csr "
          + "(-----BEGIN CERTIFICATE REQUEST-----): the private key stays in vCO");
    }
  }
}
