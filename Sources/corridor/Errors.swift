import ArgumentParser
import CorridorGeo
import CorridorKit
import Foundation

/// An error the CLI reports as one line `corridor: <what>: <where>` with a sysexits-style code.
struct CLIError: Error {
    var message: String
    var code: Int32
    static let usage: Int32 = 64, dataError: Int32 = 65, noInput: Int32 = 66, ioError: Int32 = 74, noResult: Int32 = 1
}

/// Message and exit code for any error thrown below the CLI.
func classify(_ error: Error) -> CLIError {
    switch error {
    case let e as CLIError: return e
    case let e as GeoError:
        switch e {
        case .fileNotFound, .layerNotFound: return CLIError(message: e.description, code: CLIError.noInput)
        case .cannotOpen(let path, _):
            let readable = !VectorDataset.isPlainPath(path) || access(path, R_OK) == 0
            return CLIError(message: e.description, code: readable ? CLIError.dataError : CLIError.noInput)
        case .writeFailed: return CLIError(message: e.description, code: CLIError.ioError)
        default: return CLIError(message: e.description, code: CLIError.dataError)
        }
    case let e as ProfileError:
        switch e {
        case .unknownProfile: return CLIError(message: e.description, code: CLIError.usage)
        case .cannotRead: return CLIError(message: e.description, code: CLIError.noInput)
        default: return CLIError(message: e.description, code: CLIError.dataError)
        }
    case let e as NetworkLoadError:
        switch e {
        case .usage: return CLIError(message: e.description, code: CLIError.usage)
        case .defaultNetworkNotFound, .fileNotFound: return CLIError(message: e.description, code: CLIError.noInput)
        default: return CLIError(message: e.description, code: CLIError.dataError)
        }
    case let e as PlaceError:
        if case .malformedGazetteer(_, 0, _) = e { return CLIError(message: e.description, code: CLIError.noInput) }
        if case .malformedGazetteer = e { return CLIError(message: e.description, code: CLIError.dataError) }
        return CLIError(message: e.description, code: CLIError.usage)
    case let e as NetworkBuildError: return CLIError(message: e.description, code: CLIError.dataError)
    case let e as OutputError: return CLIError(message: e.description, code: CLIError.ioError)
    case let e as CacheError:
        if case .io = e { return CLIError(message: e.description, code: CLIError.noInput) }
        return CLIError(message: e.description, code: CLIError.dataError)
    case let e as ScenarioFileError: return CLIError(message: e.description, code: CLIError.dataError)
    case let e as ValidationError: return CLIError(message: e.message, code: CLIError.usage)
    case let e as AnalysisError: return analysisFailure(e)
    default: return CLIError(message: "\(error)", code: CLIError.dataError)
    }
}

/// An analysis error as the CLI's one-line error: exit status 1 for no route, an endpoint off the network or an
/// infeasible flow; 64 for unknown names and bad options; 65 for arithmetic overflow on the data.
func analysisFailure(_ error: AnalysisError) -> CLIError {
    switch error {
    case .noRoute, .tooFarFromNetwork, .infeasible: return CLIError(message: error.description, code: CLIError.noResult)
    case .unknownName, .place, .invalidRequest: return CLIError(message: error.description, code: CLIError.usage)
    case .overflow: return CLIError(message: error.description, code: CLIError.dataError)
    }
}

/// Prints the error as one line on stderr and exits with its code.
func exit(with error: Error) -> Never {
    let e = classify(error)
    FileHandle.standardError.write(Data("corridor: \(e.message)\n".utf8))
    exit(e.code)
}

/// Runs a command body, turning any error into the one-line report and exit code.
func reportingErrors(_ body: () throws -> Void) {
    do { try body() } catch { exit(with: error) }
}

