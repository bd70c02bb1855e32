package dunes.support;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;

/**
 * A stand-in for the stage that calls an internal process (CertificateApproval, ConfirmCertificate):
 * one call activity passing every variable and the business key in and out, as Dunes's stages do,
 * so the called process runs with a super execution exactly as in a build.
 */
public final class CallingProcess {

  private CallingProcess() {}

  /** Starts {@code called} from its stand-in caller (deployed once per engine); answers the caller's instance. */
  public static ProcessInstance start(ProcessEngine engine, String called, String businessKey, Map<String, Object> variables) {
    String key = "TestCalls" + called;
    if (engine.getRepositoryService().createProcessDefinitionQuery().processDefinitionKey(key).count() == 0) {
      engine.getRepositoryService().createDeployment().name(key).addModelInstance(key + ".bpmn", model(key, called))
          .deploy();
    }
    return engine.getRuntimeService().startProcessInstanceByKey(key, businessKey, variables);
  }

  /** The instance of the called process that {@code caller} started. */
  public static ProcessInstance called(ProcessEngine engine, ProcessInstance caller) {
    return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(caller.getId()).singleResult();
  }

  private static BpmnModelInstance model(String key, String called) {
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
        .startEvent().callActivity("CallActivity_Called").calledElement(called).endEvent().done();
    CallActivity call = model.getModelElementById("CallActivity_Called");
    ExtensionElements extensions = call.getExtensionElements() != null ? call.getExtensionElements()
        : model.newInstance(ExtensionElements.class);
    call.setExtensionElements(extensions);
    CamundaIn businessKey = model.newInstance(CamundaIn.class);
    businessKey.setCamundaBusinessKey("#{execution.processBusinessKey}");
    CamundaIn all = model.newInstance(CamundaIn.class);
    all.setCamundaVariables("all");
    CamundaOut back = model.newInstance(CamundaOut.class);
    back.setCamundaVariables("all");
    extensions.addChildElement(businessKey);
    extensions.addChildElement(all);
    extensions.addChildElement(back);
    return model;
  }
}
