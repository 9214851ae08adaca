"""Where training reads data and writes runs. Data comes from ../shared, extracted into the git-ignored cache."""
import os

TRAINING = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(TRAINING)
CACHE = os.path.join(TRAINING, 'cache')
DATA = os.path.join(CACHE, 'data')
RUNS = os.path.join(TRAINING, 'runs')
MODELS = os.path.join(REPO, 'models-int8')
SHARED = os.environ.get('EDGEFACE_SHARED', os.path.join(os.path.dirname(REPO), 'shared'))
TEACHERS = os.path.join(SHARED, 'teachers')
LANDMARKS68 = os.path.join(DATA, 'landmarks68', 'landmarks68')
FACES5 = os.path.join(DATA, 'faces5', 'faces5')
SCENES = os.path.join(DATA, 'scenes', 'scenes')
UNLABELLED = os.path.join(DATA, 'unlabelled-faces', 'unlabelled-faces')
SKIMAGE = os.path.join(CACHE, 'skimage', 'x', 'usr', 'lib', 'python3', 'dist-packages', 'skimage', 'data')
ORT_NODE = os.path.join(CACHE, 'ort', 'node')
# Pre-generated synthetic detector scenes (make_scenes.py); --quick runs use a separate folder.
SCENE_CACHE = os.environ.get('EDGEFACE_SCENES', os.path.join(CACHE, 'scenes'))
