package dunes.support;

import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;

/**
 * Runs one stage (a process that refuses to start unless a call activity starts it) the way a
 * build does: a test-only caller process with one call activity that hands the stage every
 * variable and the business key, and takes every variable back. A BPMN error the stage ends with is caught in the caller, so the
 * stage's own history is what a test reads.
 */
public final class StageCaller {

  /** The caller's variables holding the BPMN error a stage ended with. */
  public static final String ERROR_CODE = "stageErrorCode";
  public static final String ERROR_MESSAGE = "stageErrorMessage";

  private StageCaller() {}

  /** Starts {@code stageKey} under a caller; answers the stage's instance (running or ended). */
  public static ProcessInstance call(ProcessEngine engine, String stageKey, String businessKey,
      Map<String, Object> variables) {
    ProcessInstance caller = start(engine, stageKey, businessKey, variables);
    HistoricProcessInstance stage = engine.getHistoryService().createHistoricProcessInstanceQuery()
        .superProcessInstanceId(caller.getId()).singleResult();
    if (stage == null) {
      throw new AssertionError("the caller of " + stageKey + " started no stage");
    }
    return new Stage(stage);
  }

  /**
   * Starts {@code stageKey} under a caller and answers the caller's instance: what a stage keys
   * Dunes's records by (the certificate stage that called an approval, say).
   */
  public static ProcessInstance start(ProcessEngine engine, String stageKey, String businessKey,
      Map<String, Object> variables) {
    return engine.getRuntimeService().startProcessInstanceByKey(deployCaller(engine, stageKey), businessKey, variables);
  }

  /** The running stage that {@code caller} started. */
  public static ProcessInstance called(ProcessEngine engine, ProcessInstance caller) {
    return engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(caller.getId()).singleResult();
  }

  private static String deployCaller(ProcessEngine engine, String stageKey) {
    String key = "TestCaller_" + stageKey;
    BpmnModelInstance model = Bpmn.createExecutableProcess(key).camundaHistoryTimeToLive(1)
        .startEvent("StartEvent_Call")
        .callActivity("CallActivity_Stage").calledElement(stageKey)
        .endEvent("EndEvent_Called")
        .moveToActivity("CallActivity_Stage").boundaryEvent("Event_StageError").error().endEvent("EndEvent_StageError")
        .done();
    CamundaIn variables = model.newInstance(CamundaIn.class);
    variables.setCamundaVariables("all");
    CamundaIn businessKey = model.newInstance(CamundaIn.class);
    businessKey.setCamundaBusinessKey("#{execution.processBusinessKey}");
    CamundaOut back = model.newInstance(CamundaOut.class); // as Dunes's stages take their called processes' results
    back.setCamundaVariables("all");
    ExtensionElements extensions = model.newInstance(ExtensionElements.class);
    extensions.addChildElement(variables);
    extensions.addChildElement(businessKey);
    extensions.addChildElement(back);
    model.<CallActivity>getModelElementById("CallActivity_Stage").setExtensionElements(extensions);
    // the error a stage ended with, for the test: its code and message in the caller's history
    org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition error = model.<org.camunda.bpm.model.bpmn.instance.BoundaryEvent>
        getModelElementById("Event_StageError").getChildElementsByType(
            org.camunda.bpm.model.bpmn.instance.ErrorEventDefinition.class).iterator().next();
    error.setCamundaErrorCodeVariable(ERROR_CODE);
    error.setCamundaErrorMessageVariable(ERROR_MESSAGE);
    engine.getRepositoryService().createDeployment().name(key).enableDuplicateFiltering(true)
        .addModelInstance(key + ".bpmn", model).deploy();
    return key;
  }

  /** The stage as it was when it reached its first wait state. */
  private record Stage(HistoricProcessInstance history) implements ProcessInstance {
    @Override public String getId() { return history.getId(); }
    @Override public String getProcessInstanceId() { return history.getId(); }
    @Override public String getRootProcessInstanceId() { return history.getRootProcessInstanceId(); }
    @Override public String getProcessDefinitionId() { return history.getProcessDefinitionId(); }
    @Override public String getProcessDefinitionKey() { return history.getProcessDefinitionKey(); }
    @Override public String getBusinessKey() { return history.getBusinessKey(); }
    @Override public String getCaseInstanceId() { return history.getCaseInstanceId(); }
    @Override public String getTenantId() { return history.getTenantId(); }
    @Override public boolean isSuspended() { return false; }
    @Override public boolean isEnded() { return history.getEndTime() != null; }
  }
}
