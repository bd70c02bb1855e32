/**
 * The vShield Manager (vCNS 5.x, API 3.0) edge XML model: load balancer configuration, pools,
 * virtual servers, vNICs and error bodies. Shared by the lab's simulated manager and by Dunes's
 * edge client. Fields left null are omitted on output, as the manager omits unset fields.
 */
@XmlAccessorType(XmlAccessType.FIELD)
package dunes.edge.xml;

import jakarta.xml.bind.annotation.XmlAccessType;
import jakarta.xml.bind.annotation.XmlAccessorType;
