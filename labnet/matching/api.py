from flask_smorest import Blueprint

blp = Blueprint("matching", __name__)
