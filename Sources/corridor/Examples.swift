/// The examples at the end of every subcommand's `--help` (issue 18), two or three each, kept in one place so that
/// `Tests/corridorTests/HelpExamplesTests.swift` can check that every one parses. Each line is one command with
/// its options separated by single spaces (no quoting), short enough for an 80-column terminal where possible.
enum Examples {
    static let info = section([
        "corridor info",
        "corridor info --network roads.shp --network railways.shp --format json",
        "corridor info --network ne_10m_roads.shp:road --profile natural-earth --snap-tolerance 50",
    ])
    static let export = section([
        "corridor export --edges edges.geojson --nodes nodes.geojson",
        "corridor export --edges network.gpkg --nodes network.gpkg",
        "corridor export --dimacs fe.max --dimacs-kind max --from Vladivostok --to Pyongyang",
    ])
    static let route = section([
        "corridor route --from Vladivostok --to Pyongyang --mode rail --alternatives 3",
        "corridor route --from Khabarovsk --to Rajin --via Ussuriysk --metric cost --segments -o route.gpkg",
        "corridor route --network USA-road-d.NY.gr --from 40.75,-73.99 --to 40.69,-74.04",
    ])
    static let reach = section([
        "corridor reach --from Vladivostok --within 12h --mode rail -o reach.geojson",
        "corridor reach --from Pyongyang --within 300km --svg reach.svg",
    ])
    static let flow = section([
        "corridor flow --from Vladivostok=20000 --to Pyongyang=15000 --to Chongjin=8000 --format text",
        "corridor flow --from Vladivostok=20000 --to Pyongyang=15000 --avoid-country CN -o flow.geojson",
        "corridor flow --demand Vladivostok:Pyongyang=12000 --demand Harbin:Pyongyang=4000@rail",
    ])
    static let chokepoints = section([
        "corridor chokepoints --from Vladivostok --from Khabarovsk --to Pyongyang --top 10 --format text",
        "corridor chokepoints --from Vladivostok --to Pyongyang -o cut.geojson --svg cut.svg",
        "corridor chokepoints --from Vladivostok --to Pyongyang --samples 1000 --seed 7 --format text",
    ])
    static let interdict = section([
        "corridor interdict --from Vladivostok --to Pyongyang --avoid-country CN --budget 3 --format text",
        "corridor interdict --from Vladivostok --to Pyongyang --budget 5 --cost Khasan-Tumangang=2 -o cut.gpkg",
        "corridor interdict --from Vladivostok=20000 --to Pyongyang=15000 --objective cost --budget 2",
    ])
    static let buildup = section([
        "corridor buildup --from Vladivostok --to Pyongyang --avoid-country CN --horizon 30d",
        "corridor buildup --from Vladivostok --to Pyongyang --horizon 60d --deliver 100000 -o curve.csv",
    ])
    static let compare = section([
        "corridor compare GeoData/scenarios/far-east.yaml",
        "corridor compare scenarios.yaml --network far-east.corridor -o out --format gpkg",
        "corridor compare GeoData/scenarios/far-east.yaml --samples 200 --seed 7 --format csv",
    ])
    static let build = section([
        "corridor build -o far-east.corridor",
        "corridor build --network roads.shp --network rail.shp:rail -o mine.corridor",
    ])
    static let render = section([
        "corridor render route.geojson chokepoints.geojson -o map.svg",
        "corridor render flow.geojson --background countries.gpkg@countries --width 1600 -o flow.svg",
        "corridor render - --no-network -o reach.svg",
    ])
    static let solve = section([
        "corridor solve netgen_8_12a.min",
        "corridor solve - --problem max --flows",
        "corridor solve USA-road-d.NY.gr --source 1 --target 3353",
    ])
    static let sweep = section([
        "corridor sweep GeoData/scenarios/far-east-sweep.yaml -o sweep-out",
        "corridor sweep sweep.yaml --shard 2/4 -o part-2.ndjson",
        "corridor sweep sweep.yaml --shard auto --threads 1 -o part.ndjson",
    ])
    static let merge = section([
        "corridor merge part-0.ndjson part-1.ndjson part-2.ndjson part-3.ndjson -o sweep-out",
        "corridor merge parts/part-0.ndjson --network far-east.corridor -o sweep-out",
    ])

    /// `Examples:` and one indented command per line.
    static func section(_ commands: [String]) -> String {
        "Examples:\n" + commands.map { "  " + $0 }.joined(separator: "\n")
    }

    /// `discussion` followed by the examples, a blank line between.
    static func after(_ discussion: String, _ examples: String) -> String { discussion + "\n\n" + examples }
}
