from flask_smorest import Blueprint

blp = Blueprint("training", __name__)
