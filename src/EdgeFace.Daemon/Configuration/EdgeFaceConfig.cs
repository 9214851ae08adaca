using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using EdgeFace.Core.Configuration;
using EdgeFace.Device.Load;
using EdgeFace.Gpio.Options;
using EdgeFace.Messaging.Options;
using EdgeFace.Device.Metrics;
using EdgeFace.Insights;

namespace EdgeFace.Configuration;

/// <summary>
/// The whole daemon configuration. Built in layers: these defaults, then the device profile, then the configuration
/// file, then command-line flags. JSON names are snake_case. Fields marked [LocalOnly] can never be set remotely.
/// </summary>
public sealed class EdgeFaceConfig
{
    [Description("Device identifier used in MQTT topics; \"auto\" uses the host name.")]
    public string DeviceId { get; set; } = "auto";

    [Description("Device profile from device-configs/ (\"auto\" detects the board, \"none\" uses no profile).")]
    [LocalOnly]
    public string Profile { get; set; } = "auto";

    [Description("Frame source: demo, folder:PATH, file:PATH, v4l2:/dev/videoN?width=&height=&fps=&format=, rpicam:?…, rtsp://…")]
    [LocalOnly]
    public string Source { get; set; } = "demo";

    [Description("Camera name reported in events.")]
    public string CameraName { get; set; } = "camera";

    public ModelSettings Models { get; set; } = new();
    public InferenceSettings Inference { get; set; } = new();
    public DetectionSettings Detection { get; set; } = new();
    public TrackerSettings Tracker { get; set; } = new();
    public InsightsSettings Insights { get; set; } = new();
    public MqttOptions Mqtt { get; set; } = new();
    public GpioOptions Gpio { get; set; } = new();
    public ThermalOptions Thermal { get; set; } = new();
    public MetricsOptions Metrics { get; set; } = new();

    [Description("Memory budget in MB that the stats report RSS against.")]
    [Range(32, 65536)]
    public int MemoryBudgetMb { get; set; } = 150;

    [Description("Log level.")]
    [AllowedValues("debug", "info", "warning", "error")]
    public string LogLevel { get; set; } = "info";
}

public sealed class ModelSettings
{
    [Description("Folder holding the models and their manifests (default: the shipped models-int8/).")]
    [LocalOnly]
    public string? Directory { get; set; }

    [Description("Detector manifest, a file name inside the models folder.")]
    public string Detector { get; set; } = "kpnet-int8.json";

    [Description("Landmark model manifest inside the models folder; empty disables landmarks.")]
    public string Landmarker { get; set; } = "pfld68-int8.json";
}

public sealed class InferenceSettings
{
    [Description("Threads ONNX Runtime uses inside one model run.")]
    [Range(1, 64)]
    public int IntraOpThreads { get; set; } = 2;

    [Description("Execution providers in order of preference; missing ones fall back to cpu.")]
    public List<string> Providers { get; set; } = ["cpu"];

    [Description("ONNX Runtime graph optimisation level.")]
    [AllowedValues("disabled", "basic", "extended", "all")]
    public string GraphOptimization { get; set; } = "all";

    [Description("x86-64 only: run int8 models on ONNX Runtime's exact U8U8 kernels (session.x64quantprecision). The default U8S8 kernels overflow on CPUs without VNNI and shift the detector's outputs by up to 0.5; off is ~15 % faster but wrong there. Ignored on ARM.")]
    public bool X64QuantPrecision { get; set; } = true;
}

public sealed class DetectionSettings
{
    [Description("Run detection at all (Home Assistant's detection switch sets this remotely; a GPIO input line can also hold detection off).")]
    public bool Enabled { get; set; } = true;

    [Description("Minimum detector score for a face; 0 keeps the model's own threshold from its manifest.")]
    [Range(0.0, 1.0)]
    public double ScoreThreshold { get; set; } = 0;

    [Description("Overlap above which two detections are one face.")]
    [Range(0.0, 1.0)]
    public double NmsIou { get; set; } = 0.4;

    [Range(1, 256)]
    public int MaxFaces { get; set; } = 16;

    [Description("Ignore faces smaller than this (pixels, box side).")]
    [Range(0, 10000)]
    public int MinFacePx { get; set; } = 0;

    [Description("Run the detector on every Nth frame (tracking fills the gaps).")]
    [Range(1, 100)]
    public int DetectEvery { get; set; } = 1;

    [Description("Upper bound on processed frames per second (0 = as fast as frames come).")]
    [Range(0, 1000)]
    public double MaxFps { get; set; } = 0;

    [Description("Run the landmark model on each face.")]
    public bool Landmarks { get; set; } = true;

    [Description("Landmark passes per face: each pass after the first crops again from the previous pass's own eyes, nose and mouth (the detector's keypoints are coarse). One landmark-model run per pass and face.")]
    [Range(1, 3)]
    public int LandmarkPasses { get; set; } = 2;
}

public sealed class TrackerSettings
{
    [Description("Minimum box overlap to continue a track.")]
    [Range(0.0, 1.0)]
    public double IouThreshold { get; set; } = 0.3;

    [Description("A track ends after this long without a matching detection.")]
    [Range(0, 600000)]
    public int EndAfterMs { get; set; } = 1500;

    [Description("At most one update event per track per interval.")]
    [Range(0, 600000)]
    public int UpdateIntervalMs { get; set; } = 1000;
}
