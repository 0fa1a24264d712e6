import CorridorGeo

/// The one schema of Corridor's result features (docs/FORMATS.md, "Outputs"): every property's type, the
/// properties of each role in order, and the Shapefile names of the long ones. The GIS writers take field types
/// from here (so a column that is null in every feature still has its type), and the schema test checks real
/// outputs and the documentation against it.
public enum OutputSchema {
    /// The type of a property.
    public enum PropertyType: String, Sendable {
        /// Integer; real number; text; boolean; list (text joined with `;` in feature properties).
        case integer, real, text, boolean, list
    }

    /// Properties every feature that is one network edge carries, in order.
    public static let edgeProperties = ["edge_id", "kind", "name", "mode", "class", "layer", "gauge_mm", "dual_gauge",
                                        "country", "region"]

    /// Properties `compare` puts first on every feature of its files.
    public static let tagProperties = ["scenario", "analysis"]

    /// The properties of `role`, in the order written (`feature` first, without the tags). A reach feature has one
    /// of `entry_time_h` and `entry_length_m`, by the budget's metric.
    public static func properties(of role: FeatureRole) -> [String] {
        let list: [String]
        switch role {
        case .route:
            list = ["rank", "from", "to", "via", "metric", "length_m", "time_h", "cost_per_t", "modes", "countries",
                    "crossings", "transshipments", "transfers", "from_snap_m", "to_snap_m", "edge_count"]
        case .leg:
            list = ["route", "seq", "mode", "layer", "country", "from", "to", "from_node_id", "to_node_id", "length_m",
                    "time_h", "cost_per_t", "lines"]
        case .segment:
            list = ["route", "seq"] + edgeProperties + ["length_m", "time_h", "cost_per_t"]
        case .reach:
            list = edgeProperties + ["whole", "fraction", "entry_time_h", "entry_length_m"]
        case .flow:
            list = edgeProperties + ["flow_tpd", "flow_forward_tpd", "flow_backward_tpd", "capacity_tpd", "utilization",
                                     "cost_per_t", "cost_per_day", "commodities", "commodity_flow_tpd",
                                     "commodity_flow_forward_tpd", "commodity_flow_backward_tpd", "element_id",
                                     "element_name", "element_sharing", "element_direction", "element_capacity_tpd",
                                     "element_flow_tpd", "element_utilization", "binding_share"]
        case .cut:
            list = ["element_id", "kind", "name", "capacity_tpd", "edge_ids", "node_id", "shared", "cut_weight"]
        case .chokepoint:
            list = ["rank", "element_id", "kind", "name", "throughput_lost_tpd", "cost_added_per_day", "edge_ids", "node_id"]
        case .interdicted:
            list = ["seq", "element_id", "kind", "name", "interdiction_cost", "edge_ids", "node_id"]
        case .edge:
            list = edgeProperties + ["source_node_id", "target_node_id", "source_place", "target_place", "oneway",
                                     "length_m", "time_h", "capacity_tpd", "cost_per_t", "cost", "reverse_cost"]
        case .node:
            list = ["node_id", "layer", "place"]
        case .element:
            list = ["element_id", "kind", "name", "binding_count", "binding_share", "fail_alone_count",
                    "lost_alone_mean_tpd", "lost_alone_max_tpd", "fail_pair_count", "lost_pair_mean_tpd",
                    "lost_pair_max_tpd", "worst_partner_id", "edge_ids"]
        }
        return ["feature"] + list
    }

    /// The type of every property name (one type per name across all roles).
    public static let types: [String: PropertyType] = [
        "feature": .text, "scenario": .text, "analysis": .text,
        "edge_id": .integer, "kind": .text, "name": .text, "mode": .text, "class": .text, "layer": .text,
        "gauge_mm": .integer, "dual_gauge": .boolean, "country": .text, "region": .text,
        "rank": .integer, "from": .text, "to": .text, "via": .list, "metric": .text, "length_m": .real,
        "time_h": .real, "cost_per_t": .real, "modes": .list, "countries": .list, "crossings": .list,
        "transshipments": .list, "transfers": .list, "from_snap_m": .real, "to_snap_m": .real, "edge_count": .integer,
        "route": .integer, "seq": .integer, "from_node_id": .integer, "to_node_id": .integer, "lines": .list,
        "whole": .boolean, "fraction": .real, "entry_time_h": .real, "entry_length_m": .real,
        "flow_tpd": .real, "flow_forward_tpd": .real, "flow_backward_tpd": .real, "capacity_tpd": .integer,
        "utilization": .real, "cost_per_day": .real, "commodities": .list, "commodity_flow_tpd": .list,
        "commodity_flow_forward_tpd": .list, "commodity_flow_backward_tpd": .list,
        "element_name": .text, "element_sharing": .text, "element_direction": .text, "element_capacity_tpd": .integer,
        "element_flow_tpd": .real, "element_utilization": .real,
        "element_id": .text, "edge_ids": .list, "node_id": .integer, "throughput_lost_tpd": .integer,
        "cost_added_per_day": .real, "interdiction_cost": .real, "shared": .boolean, "cut_weight": .real,
        "source_node_id": .integer, "target_node_id": .integer, "source_place": .text, "target_place": .text,
        "oneway": .boolean, "cost": .real, "reverse_cost": .real, "place": .text,
        "binding_count": .integer, "binding_share": .real, "fail_alone_count": .integer, "lost_alone_mean_tpd": .real,
        "lost_alone_max_tpd": .real, "fail_pair_count": .integer, "lost_pair_mean_tpd": .real,
        "lost_pair_max_tpd": .real, "worst_partner_id": .text,
    ]

    /// Shapefile (DBF) names of the properties longer than 10 characters.
    public static let shapefileNames: [String: String] = [
        "flow_forward_tpd": "flow_fwd", "flow_backward_tpd": "flow_bwd", "capacity_tpd": "cap_tpd",
        "utilization": "util", "cost_per_day": "cost_day", "transshipments": "transships", "from_snap_m": "from_snap",
        "from_node_id": "from_node", "entry_length_m": "entry_m", "throughput_lost_tpd": "lost_tpd",
        "cost_added_per_day": "cost_added", "source_node_id": "src_node", "target_node_id": "tgt_node",
        "source_place": "src_place", "target_place": "tgt_place", "reverse_cost": "rev_cost", "entry_time_h": "entry_h",
        "commodities": "commods", "commodity_flow_tpd": "comm_flow",
        "commodity_flow_forward_tpd": "comm_fwd", "commodity_flow_backward_tpd": "comm_bwd", "element_name": "elem_name",
        "element_sharing": "elem_share", "element_direction": "elem_dir", "element_capacity_tpd": "elem_cap",
        "element_flow_tpd": "elem_flow", "element_utilization": "elem_util",
        "binding_count": "binding_n", "binding_share": "binding_sh", "fail_alone_count": "alone_n",
        "lost_alone_mean_tpd": "alone_mean", "lost_alone_max_tpd": "alone_max", "fail_pair_count": "pair_n",
        "lost_pair_mean_tpd": "pair_mean", "lost_pair_max_tpd": "pair_max", "worst_partner_id": "partner",
        "interdiction_cost": "int_cost",
    ]

    /// The name of property `name` in a Shapefile.
    public static func shapefileName(_ name: String) -> String { shapefileNames[name] ?? name }

    /// The GDAL field type of a property type.
    static func fieldType(_ type: PropertyType) -> FieldType {
        switch type {
        case .integer: return .integer64
        case .real: return .real
        case .text, .list: return .string
        case .boolean: return .boolean
        }
    }
}
