package dunes.vsphere;

import com.vmware.vim25.LocalizableMessage;
import com.vmware.vim25.LocalizedMethodFault;
import com.vmware.vim25.MethodFault;
import com.vmware.vim25.NotAuthenticated;
import com.vmware.vim25.ws.SoapFaultException;

/** vSphere faults, recognised by type (never by message text) and turned into readable text. */
final class Faults {

  private Faults() {}

  /** The session is gone (logged out, expired, vCenter restarted): log in again and retry. */
  static boolean isNotAuthenticated(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof NotAuthenticated) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /** The fault behind an exception yavijava threw (it wraps property reads in RuntimeException). */
  static <T extends MethodFault> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  /** A task's or lease's fault: vSphere's localized text, else the fault's type. */
  static String text(LocalizedMethodFault fault) {
    if (fault == null) {
      return "unknown fault";
    }
    String message = fault.getLocalizedMessage();
    String type = fault.getFault() == null ? null : fault.getFault().getClass().getSimpleName();
    if (message == null || message.isBlank()) {
      return type == null ? "unknown fault" : type;
    }
    return type == null || message.contains(type) ? message : message + " (" + type + ")";
  }

  static String typeName(LocalizedMethodFault fault) {
    return fault == null || fault.getFault() == null ? null : fault.getFault().getClass().getSimpleName();
  }

  /** An exception from a SOAP call as short text: fault type and vSphere's messages, or the root cause. */
  static String describe(Throwable e) {
    MethodFault fault = find(e, MethodFault.class);
    if (fault != null) {
      StringBuilder text = new StringBuilder(fault.getClass().getSimpleName());
      if (fault.detail instanceof SoapFaultException soap && soap.getFaultString() != null
          && !soap.getFaultString().isBlank()) {
        text.append(": ").append(soap.getFaultString());
      }
      LocalizableMessage[] messages = fault.getFaultMessage();
      if (messages != null) {
        for (LocalizableMessage m : messages) {
          if (m.getMessage() != null) {
            text.append(": ").append(m.getMessage());
          }
        }
      }
      return text.toString();
    }
    for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
      if (t instanceof SoapFaultException soap && soap.getFaultString() != null) {
        return soap.getFaultString();
      }
    }
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
